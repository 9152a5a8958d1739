# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# roleprobe, built in the libbpf-bootstrap manner: everything under $(OUTPUT), one short
# line per step (V=1 for the full commands), BPF objects with clang -target bpf and
# bpftool gen object / gen skeleton.

OUTPUT		?= build
PREFIX		?= /usr/local
DESTDIR		?=
CLANG		?= clang
BPFTOOL		?= bpftool
CC		?= gcc
ARCH		:= $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/;s/ppc64le/powerpc/;s/mips.*/mips/')
VERSION		:= 0.1.0

VMLINUX_BTF	?= /sys/kernel/btf/vmlinux
VMLINUX_H	:= $(OUTPUT)/vmlinux.h

# SAN=1: AddressSanitizer and UndefinedBehaviorSanitizer on the user code
ifeq ($(SAN),1)
SAN_FLAGS	:= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

CFLAGS		?= -g -O2
USER_CFLAGS	:= $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
		   -D_GNU_SOURCE -DROLEPROBE_VERSION='"$(VERSION)"' \
		   -I$(OUTPUT) -Iuser $(SAN_FLAGS)
USER_LDLIBS	:= -lbpf -lelf -lz -lyaml -pthread
LDFLAGS		+= $(SAN_FLAGS)

BPF_CFLAGS	:= -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -I$(OUTPUT) -Ibpf/include \
		   -Wall -Wno-unused-function
BPF_CFLAGS_EXT	:= $(BPF_CFLAGS)

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(patsubst $(OUTPUT)/%,%,$(2))";
MAKEFLAGS += --no-print-directory
endif

USER_SRCS	:= $(wildcard user/*.c)
USER_OBJS	:= $(patsubst user/%.c,$(OUTPUT)/obj/%.o,$(USER_SRCS))
LIB_OBJS	:= $(filter-out $(OUTPUT)/obj/main.o,$(USER_OBJS))

HOSTLIB_SRCS	:= $(wildcard bpf/hostlib/*.bpf.c)
HOSTLIB_OBJ	:= $(if $(HOSTLIB_SRCS),$(OUTPUT)/hostlib.bpf.o)
HOSTLIB_SKEL	:= $(if $(HOSTLIB_SRCS),$(OUTPUT)/hostlib.skel.h)

EXAMPLE_SRCS	:= $(wildcard bpf/examples/*.bpf.c)
EXAMPLE_OBJS	:= $(patsubst bpf/examples/%.bpf.c,$(OUTPUT)/examples/%.bpf.o,$(EXAMPLE_SRCS))

EXT_SRCS	:= $(wildcard tests/ext/*.bpf.c tests/ext/*/*.bpf.c)
EXT_OBJS	:= $(patsubst tests/ext/%.bpf.c,$(OUTPUT)/ext/%.bpf.o,$(EXT_SRCS))

TARGET_SRCS	:= $(wildcard tests/targets/*.c)
TARGETS		:= $(patsubst tests/targets/%.c,$(OUTPUT)/targets/%,$(TARGET_SRCS))

UNIT_SRCS	:= $(wildcard tests/unit/test_*.c)
UNIT_BINS	:= $(patsubst tests/unit/%.c,$(OUTPUT)/unit/%,$(UNIT_SRCS))
UNIT_BPF_SRCS	:= $(wildcard tests/unit/*.bpf.c)
UNIT_BPF_OBJS	:= $(patsubst tests/unit/%.bpf.c,$(OUTPUT)/unit/%.bpf.o,$(UNIT_BPF_SRCS))

.PHONY: all check test unit bats deps clean install
.DELETE_ON_ERROR:
.SECONDARY:

all: $(OUTPUT)/roleprobe $(EXAMPLE_OBJS) $(EXT_OBJS) $(TARGETS)

# `make check` first installs what a fresh Debian 12 machine lacks, then runs the suite
# in a new make so that everything is found. The suite compares against bpftrace and runs
# the bench's userspace runtime (librte_bpf), so it installs the bench's packages too.
check:
	$(Q)scripts/install-deps.sh --bench
	$(Q)$(MAKE) test

test: all unit bats

deps:
	$(Q)scripts/install-deps.sh

$(OUTPUT) $(OUTPUT)/obj $(OUTPUT)/examples $(OUTPUT)/targets $(OUTPUT)/unit:
	$(Q)mkdir -p $@

$(VMLINUX_H): | $(OUTPUT)
	$(call msg,GEN,$@)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@

# Host library: compiled, linked with bpftool, embedded as a skeleton.
$(OUTPUT)/hostlib/%.bpf.o: bpf/hostlib/%.bpf.c $(wildcard bpf/include/*.h bpf/hostlib/*.h) $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUTPUT)/hostlib.bpf.o: $(patsubst bpf/hostlib/%.bpf.c,$(OUTPUT)/hostlib/%.bpf.o,$(HOSTLIB_SRCS))
	$(call msg,GEN-OBJ,$@)
	$(Q)$(BPFTOOL) gen object $@ $^

$(OUTPUT)/hostlib.skel.h: $(OUTPUT)/hostlib.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name hostlib > $@

# Extensions (examples and test corpus) are left unlinked: roleprobe links them itself.
$(OUTPUT)/examples/%.bpf.o: bpf/examples/%.bpf.c $(wildcard bpf/include/*.h) $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS_EXT) -c $< -o $@

$(OUTPUT)/ext/%.bpf.o: tests/ext/%.bpf.c $(wildcard bpf/include/*.h tests/ext/*.h) $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS_EXT) -Itests/ext -c $< -o $@

# Targets to probe: no optimisation that would inline or drop the probed functions.
$(OUTPUT)/targets/%: tests/targets/%.c | $(OUTPUT)/targets
	$(call msg,CC,$@)
	$(Q)$(CC) -g -O1 -fno-inline -Wall -o $@ $< $(if $(wildcard tests/targets/$*.ldflags),$(shell cat tests/targets/$*.ldflags))

$(OUTPUT)/obj/%.o: user/%.c $(wildcard user/*.h) $(HOSTLIB_SKEL) | $(OUTPUT)/obj
	$(call msg,CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@

$(OUTPUT)/roleprobe: $(USER_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(USER_LDLIBS)

# Unit tests link every part but main.o.
$(OUTPUT)/unit/%: tests/unit/%.c $(LIB_OBJS) $(wildcard tests/unit/*.h) | $(OUTPUT)/unit
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(USER_LDLIBS) -lcmocka

# BPF fixtures the unit tests load themselves with libbpf (not through roleprobe)
$(OUTPUT)/unit/%.bpf.o: tests/unit/%.bpf.c $(VMLINUX_H) | $(OUTPUT)/unit
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

unit: $(UNIT_BINS) $(EXT_OBJS) $(UNIT_BPF_OBJS) $(TARGETS)
	$(Q)set -e; for t in $(UNIT_BINS); do \
		echo "  UNIT     $$(basename $$t)"; \
		ROLEPROBE_SRCDIR=$(CURDIR) ROLEPROBE_BUILD=$(CURDIR)/$(OUTPUT) $$t; \
	done

# 05-enforcer.bats writes mirror files with test_mirror --write-loop
bats: all $(OUTPUT)/unit/test_mirror
	$(Q)ROLEPROBE_BUILD=$(CURDIR)/$(OUTPUT) tests/run-bats.sh tests/bats

install: $(OUTPUT)/roleprobe
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX)/sbin/roleprobe)
	$(Q)install -D -m 0755 $(OUTPUT)/roleprobe $(DESTDIR)$(PREFIX)/sbin/roleprobe
	$(Q)install -d $(DESTDIR)$(PREFIX)/share/roleprobe/roles $(DESTDIR)$(PREFIX)/include/roleprobe
	$(Q)install -m 0644 roles/*.yaml $(DESTDIR)$(PREFIX)/share/roleprobe/roles/
	$(Q)install -m 0644 bpf/include/*.h $(DESTDIR)$(PREFIX)/include/roleprobe/
	$(Q)install -D -m 0644 doc/roleprobe.8 $(DESTDIR)$(PREFIX)/share/man/man8/roleprobe.8
	$(Q)install -D -m 0644 completion/roleprobe.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/roleprobe

# `make demo`: install what is missing, build, attach the examples to the demo target.
.PHONY: demo
demo:
	$(Q)scripts/demo.sh

# `roleprobe bench` (tests/bench): the program it probes, its extensions and role, and
# extensions of growing size from tests/bench/gen_verify.sh for the verification cost. The
# target also runs the extension in process with DPDK's librte_bpf when that is installed
# (scripts/install-deps.sh --bench); bench_target is rebuilt when it appears or goes.
BENCH_OUT	:= $(OUTPUT)/bench
BENCH_VERIFY_SIZES := 100 1000 10000 100000
BENCH_VERIFY_OBJS := $(patsubst %,$(BENCH_OUT)/verify_%.bpf.o,$(BENCH_VERIFY_SIZES))
BENCH_ASSETS	:= $(BENCH_OUT)/bench_target $(BENCH_OUT)/bench_hit.bpf.o \
		   $(BENCH_OUT)/bench_event.bpf.o $(BENCH_OUT)/bench.yaml $(BENCH_VERIFY_OBJS)
RTE_INCDIR	:= $(shell pkg-config --variable=includedir libdpdk 2>/dev/null)
RTE_LIBDIR	:= $(shell pkg-config --variable=libdir libdpdk 2>/dev/null)
HAVE_RTE_BPF	:= $(if $(and $(RTE_INCDIR),$(wildcard $(RTE_INCDIR)/rte_bpf.h), \
			       $(wildcard $(RTE_LIBDIR)/librte_bpf.so)),1)
ifeq ($(HAVE_RTE_BPF),1)
BENCH_RTE_CFLAGS := -DHAVE_RTE_BPF $(filter-out -march=%,$(shell pkg-config --cflags libdpdk))
BENCH_RTE_LIBS	:= -lrte_bpf -lrte_eal
endif

all: $(BENCH_ASSETS)

$(BENCH_OUT):
	$(Q)mkdir -p $@

$(BENCH_OUT)/rte_bpf.cfg: FORCE | $(BENCH_OUT)
	$(Q)echo "HAVE_RTE_BPF=$(HAVE_RTE_BPF)" | cmp -s - $@ || \
		echo "HAVE_RTE_BPF=$(HAVE_RTE_BPF)" > $@

$(BENCH_OUT)/bench_target: tests/bench/bench_target.c tests/bench/bench_hit.h \
			   $(BENCH_OUT)/rte_bpf.cfg
	$(call msg,CC,$@)
	$(Q)$(CC) -g -O2 -Wall -Wextra -Werror -Itests/bench $(BENCH_RTE_CFLAGS) -o $@ $< \
		$(BENCH_RTE_LIBS)

$(BENCH_OUT)/%.bpf.o: tests/bench/%.bpf.c tests/bench/bench_hit.h $(wildcard bpf/include/*.h) \
		      $(VMLINUX_H) | $(BENCH_OUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS_EXT) -Itests/bench -c $< -o $@

$(BENCH_OUT)/verify_%.bpf.c: tests/bench/gen_verify.sh | $(BENCH_OUT)
	$(call msg,GEN,$@)
	$(Q)tests/bench/gen_verify.sh $* > $@

$(BENCH_OUT)/verify_%.bpf.o: $(BENCH_OUT)/verify_%.bpf.c tests/bench/bench_hit.h $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS_EXT) -Itests/bench -c $< -o $@

$(BENCH_OUT)/bench.yaml: tests/bench/bench.yaml | $(BENCH_OUT)
	$(call msg,CP,$@)
	$(Q)cp $< $@

# `make bench`: install what only the benchmark needs, rebuild with it, run the full version
# (needs root; BENCH_ARGS adds options, e.g. BENCH_ARGS=-j)
.PHONY: bench FORCE
bench:
	$(Q)scripts/install-deps.sh --bench
	$(Q)$(MAKE) all
	$(Q)$(OUTPUT)/roleprobe bench $(BENCH_ARGS)

FORCE:

clean:
	$(call msg,CLEAN,$(OUTPUT))
	$(Q)rm -rf $(OUTPUT)

# Fuzzing (tests/fuzz): libFuzzer harnesses tests/fuzz/fuzz_NAME.c over the user code built
# with clang, ASan and UBSan into $(OUTPUT)/fuzz. `make fuzz` runs each for FUZZ_SECONDS
# from its seeds (FUZZ_SEEDS_NAME) into $(OUTPUT)/fuzz/corpus/NAME; a crash stops it and
# leaves its input as $(OUTPUT)/fuzz/crash-NAME-*: fix it, and keep the input in
# tests/fuzz/regress/NAME. The same harnesses, linked with tests/fuzz/replay.c and the
# ordinary objects (ASan and UBSan with SAN=1), replay the seeds and every regression input
# in `make unit`.
FUZZ_SECONDS	?= 60
FUZZ_OUT	:= $(OUTPUT)/fuzz
FUZZ_SRCS	:= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES	:= $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_BINS	:= $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_NAMES))
FUZZ_REPLAYS	:= $(patsubst %,$(OUTPUT)/unit/replay_%,$(FUZZ_NAMES))
FUZZ_LIB_OBJS	:= $(patsubst $(OUTPUT)/obj/%,$(FUZZ_OUT)/obj/%,$(LIB_OBJS))
FUZZ_CFLAGS	:= -g -O1 -fno-omit-frame-pointer -std=gnu11 -Wall -Wextra -Werror \
		   -Wno-unused-parameter -Wno-missing-field-initializers -D_GNU_SOURCE \
		   -DROLEPROBE_VERSION='"$(VERSION)"' -I$(OUTPUT) -Iuser -Itests/fuzz \
		   -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_SEEDS_role	:= roles tests/bats/roles tests/unit/roles tests/ext/roles tests/fuzz/corpus/role
FUZZ_SEEDS_extension := $(OUTPUT)/ext $(OUTPUT)/examples tests/fuzz/corpus/extension

.PHONY: fuzz fuzz-replay

$(FUZZ_OUT)/obj/%.o: user/%.c $(wildcard user/*.h) $(HOSTLIB_SKEL)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB_OBJS)
	$(call msg,FUZZ-LD,$@)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJS) $(USER_LDLIBS)

$(OUTPUT)/unit/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB_OBJS) \
			 | $(OUTPUT)/unit
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(USER_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/replay.c $(LIB_OBJS) $(LDFLAGS) \
		$(USER_LDLIBS)

fuzz: $(FUZZ_BINS) $(EXT_OBJS) $(EXAMPLE_OBJS)
	$(Q)set -e; $(foreach n,$(FUZZ_NAMES), \
		mkdir -p $(FUZZ_OUT)/corpus/$(n); \
		echo "  FUZZ     $(n) for $(FUZZ_SECONDS) s"; \
		ROLEPROBE_SRCDIR=$(CURDIR) $(FUZZ_OUT)/fuzz_$(n) -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -close_fd_mask=3 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_OUT)/crash-$(n)- $(FUZZ_OUT)/corpus/$(n) \
			$(FUZZ_SEEDS_$(n)) tests/fuzz/regress/$(n) \
			2>$(FUZZ_OUT)/fuzz-$(n).log || \
			{ tail -60 $(FUZZ_OUT)/fuzz-$(n).log; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|new_units_added)' \
			$(FUZZ_OUT)/fuzz-$(n).log | sed 's/^/           /';)

# the replays run with the unit tests
unit: fuzz-replay

fuzz-replay: $(FUZZ_REPLAYS) $(EXT_OBJS) $(EXAMPLE_OBJS)
	$(Q)set -e; $(foreach n,$(FUZZ_NAMES), \
		echo "  REPLAY   $(n)"; \
		ROLEPROBE_SRCDIR=$(CURDIR) timeout 300 $(OUTPUT)/unit/replay_$(n) \
			tests/fuzz/regress/$(n) $(FUZZ_SEEDS_$(n));)

# SAN=1 (above): the objects remember the setting they were built with, so switching it
# rebuilds them; every ASan report (memory errors, leaks) goes to a file in
# $(OUTPUT)/san-logs and any file there fails `make test`; ASan and UBSan exit with codes of
# their own (86, 87), which no test expects. Leaks are fixed, never suppressed.
$(OUTPUT)/san.cfg: FORCE | $(OUTPUT)
	$(Q)echo "SAN=$(SAN)" | cmp -s - $@ || echo "SAN=$(SAN)" > $@

$(USER_OBJS): $(OUTPUT)/san.cfg

ifeq ($(SAN),1)
SAN_LOGS	:= $(CURDIR)/$(OUTPUT)/san-logs
export ASAN_OPTIONS := log_path=$(SAN_LOGS)/asan:exitcode=86:detect_leaks=1
export UBSAN_OPTIONS := print_stacktrace=1:exitcode=87
.PHONY: san-logs-clean san-logs-check

unit bats: san-logs-clean
test: san-logs-check

# world-writable and sticky: the tests run roleprobe as nobody too
san-logs-clean:
	$(Q)rm -rf $(SAN_LOGS)
	$(Q)mkdir -p $(dir $(SAN_LOGS)) && mkdir -m 1777 $(SAN_LOGS)

san-logs-check: unit bats
	$(Q)if [ -n "$$(ls -A $(SAN_LOGS))" ]; then \
		head -n 60 $(SAN_LOGS)/*; \
		echo "SAN: sanitizer reports in $(SAN_LOGS)" >&2; exit 1; \
	fi
	@echo "  SAN      no sanitizer report"
endif
