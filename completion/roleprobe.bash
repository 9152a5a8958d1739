# SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
#
# bash completion for roleprobe(8): commands, role subcommands, each command's options,
# option values (warn|detach, auto|always|never, role names read from the role file on
# the line, pids, program ids) and files (roles: *.yaml, extensions: *.o). Works with or
# without the bash-completion package.

# _roleprobe_files EXT...: files ending in one of EXT (none: any file), and directories
_roleprobe_files()
{
	local cur=$1 ext f
	shift
	compopt -o filenames 2>/dev/null
	if [ $# -eq 0 ]; then
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
		return
	fi
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
	for ext in "$@"; do
		while IFS= read -r f; do
			[ -d "$f" ] || COMPREPLY+=("$f")
		done < <(compgen -f -X "!*.$ext" -- "$cur")
	done
}

# _roleprobe_role_names FILE: the names of the roles FILE defines (under `roles:`)
_roleprobe_role_names()
{
	[ -r "$1" ] || return
	awk '/^[^ #]/ { in_roles = ($0 ~ /^roles:/) }
	     in_roles && /^  - name:/ { sub(/^  - name:[ ]*/, ""); gsub(/["\047]/, "");
					  sub(/[ ]*#.*/, ""); print }' "$1" 2>/dev/null
}

_roleprobe()
{
	local cur prev cmd= sub= role_file= i w
	local common="-j --json -p --pretty -v --verbose -h --help --color --allow-unsafe-perms"
	local opts

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	# the command, the role subcommand, and the role file named so far
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--role | -r | --from | -f)
			role_file=${COMP_WORDS[i + 1]}
			i=$((i + 1))
			;;
		--binary | -b | --pid | -P | --duration | -d | --interval | -i | --mirror | -m | \
		--role-name | -n | --output | -o | --on-violation | --prog-id | --rounds | \
		--calls | --mirror-entries | --only | --assets)
			i=$((i + 1))	# its value is no command word
			;;
		--color)
			# --color=WHEN arrives as three words: --color = WHEN
			[ "${COMP_WORDS[i + 1]}" = "=" ] && i=$((i + 2))
			;;
		-*)
			;;
		*)
			if [ -z "$cmd" ]; then
				cmd=$w
			elif [ "$cmd" = role ] && [ -z "$sub" ]; then
				sub=$w
			elif [ "$cmd" = role ] && [ "$sub" != suggest ]; then
				role_file=$w	# the operand of role lint/show
			fi
			;;
		esac
	done

	# --color=WHEN: bash splits it at '='
	if [ "$prev" = "=" ] && [ "${COMP_WORDS[COMP_CWORD - 2]}" = --color ]; then
		mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
		return
	fi
	if [ "$cur" = "=" ] && [ "$prev" = --color ]; then
		COMPREPLY=(auto always never)
		return
	fi

	# the value of the option before the cursor
	case $prev in
	--role | -r | --from | -f)
		_roleprobe_files "$cur" yaml yml
		return
		;;
	--role-name | -n)
		mapfile -t COMPREPLY < <(compgen -W "$(_roleprobe_role_names "$role_file")" -- "$cur")
		return
		;;
	--binary | -b | --mirror | -m | --output)
		_roleprobe_files "$cur"
		return
		;;
	--assets)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	--on-violation)
		mapfile -t COMPREPLY < <(compgen -W "warn detach" -- "$cur")
		return
		;;
	-o)
		# attach: --on-violation; role suggest: --output
		if [ "$cmd" = attach ]; then
			mapfile -t COMPREPLY < <(compgen -W "warn detach" -- "$cur")
		else
			_roleprobe_files "$cur"
		fi
		return
		;;
	--pid | -P)
		mapfile -t COMPREPLY < <(compgen -W "$(cd /proc && compgen -G '[0-9]*')" -- "$cur")
		return
		;;
	--prog-id)
		mapfile -t COMPREPLY < <(compgen -W "$(bpftool prog list 2>/dev/null |
			sed -n 's/^\([0-9][0-9]*\):.*/\1/p')" -- "$cur")
		return
		;;
	-i)
		if [ "$cmd" = inspect ]; then
			mapfile -t COMPREPLY < <(compgen -W "$(bpftool prog list 2>/dev/null |
				sed -n 's/^\([0-9][0-9]*\):.*/\1/p')" -- "$cur")
		fi
		return
		;;
	--only)
		mapfile -t COMPREPLY < <(compgen -W "percall verify attach mirror" -- "${cur##*,}")
		if [[ $cur == *,* ]]; then
			for i in "${!COMPREPLY[@]}"; do
				COMPREPLY[i]=${cur%,*},${COMPREPLY[i]}
			done
		fi
		return
		;;
	--duration | -d | --interval | --rounds | --calls | --mirror-entries)
		return
		;;
	esac

	case $cmd in
	"")
		opts="role check attach inspect bench help $common --version"
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return
		;;
	role)
		if [ -z "$sub" ]; then
			mapfile -t COMPREPLY < <(compgen -W "lint show suggest help" -- "$cur")
			return
		fi
		case $sub in
		lint) opts="$common" ;;
		show) opts="$common --role-name" ;;
		suggest) opts="$common --from --role-name --output" ;;
		*) return ;;
		esac
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		elif [ "$sub" = suggest ]; then
			_roleprobe_files "$cur" o
		else
			_roleprobe_files "$cur" yaml yml
		fi
		;;
	check | attach | inspect | bench)
		case $cmd in
		check) opts="$common --role --role-name" ;;
		attach)
			opts="$common --role --role-name --binary --pid --duration --interval"
			opts+=" --on-violation --mirror"
			;;
		inspect) opts="$common --role --role-name --prog-id --all" ;;
		bench) opts="$common --quick --rounds --calls --mirror-entries --only --assets" ;;
		esac
		if [[ $cur == -* ]] || [ "$cmd" = inspect ] || [ "$cmd" = bench ]; then
			mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		else
			_roleprobe_files "$cur" o
		fi
		;;
	esac
}

complete -F _roleprobe roleprobe
