// SPDX-License-Identifier: (GPL-2.0 OR BSD-2-Clause)
/* A shared library to probe (built as build/targets/libdemo.so, loaded by demo_app -l). */

__attribute__((noinline, noclone)) long demo_lib_mul(long a, long b)
{
	return a * b;
}
