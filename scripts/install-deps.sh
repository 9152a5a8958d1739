#!/usr/bin/env bash
# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# Install what builds, tests and runs roleprobe on Debian 12, from Debian's archive only.
# Idempotent: packages already present are not touched, and apt-get update runs only when
# something is missing.
#
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --bench  also bpftrace and DPDK's librte_bpf, which `roleprobe bench`
#                                    and the test suite compare against (`make check` uses it)
set -euo pipefail

pkgs=(
	make gcc pkg-config
	clang llvm libclang-rt-14-dev
	libbpf-dev bpftool
	libelf-dev zlib1g-dev libyaml-dev
	libcmocka-dev
	bats bats-assert bats-support
	util-linux procps
)

for arg in "$@"; do
	case "$arg" in
	--bench) pkgs+=(bpftrace librte-bpf23 libdpdk-dev) ;;
	-h|--help)
		sed -n '4,10p' "$0"
		exit 0 ;;
	*)
		echo "install-deps.sh: unknown option '$arg' (try --help)" >&2
		exit 2 ;;
	esac
done

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: missing packages: ${missing[*]}; run as root (sudo) to install them" >&2
	exit 4
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
