/* SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause) */
/*
 * The string kfuncs of Linux 6.17+ the corpus calls. bpftool 7.1's vmlinux.h has no kfunc
 * prototypes, so they are declared here, as the kernel defines them (the __ign suffix: the
 * kernel verifier does not check these pointers, the kfunc reads them with a fault-safe
 * copy; roleprobe's verifier holds them to the role's constraints instead).
 */
#ifndef ROLEPROBE_TESTS_KFUNCS_H
#define ROLEPROBE_TESTS_KFUNCS_H

extern int bpf_strnlen(const char *s__ign, size_t count) __ksym;
extern int bpf_strcmp(const char *s1__ign, const char *s2__ign) __ksym;

#endif /* ROLEPROBE_TESTS_KFUNCS_H */
