/* SPDX-License-Identifier: MIT */
/*
 * Kernel panics. panic(fmt, ...) (declared in <libk/panic.h>) prints
 * "KERNEL PANIC: <msg>" and a backtrace from its caller; the exception path
 * brackets its own report with panic_begin/panic_end. Every report contains
 * the words "KERNEL PANIC" for the test harness.
 */
#ifndef KERNEL_CORE_PANIC_H
#define KERNEL_CORE_PANIC_H
#include <stdbool.h>
#include <stdint.h>

/* In test mode (test= or crashtest= on the command line) a panic ends QEMU
 * with TERN_EXIT_PANIC instead of halting. */
void panic_set_test_mode(bool on);

/* Start a report: interrupts off. If a panic is already in progress, print
 * a short "recursive panic" line on serial only and stop (never returns). */
void panic_begin(void);

/* From the NMI path: if another CPU is reporting a panic (it sent this
 * NMI), note where this CPU was (the interrupted rip and rbp: the report
 * prints its backtrace) and halt here for good; else return false. */
bool panic_stop_if_other(uint64_t rip, uint64_t rbp);

/* Finish a report: with other CPUs online, a backtrace of each from
 * where the panic's NMI stopped it; then exit QEMU in test mode, else
 * halt forever. */
_Noreturn void panic_end(void);
/* True on the CPU reporting a panic (the console lets it print even if a
 * stopped CPU holds the console). */
bool panic_on_this_cpu(void);

/* Print "backtrace:" and one "#n <addr> <function+0xoff>" line per frame,
 * starting with first_rip (if non-zero) then the frames from rbp. */
void backtrace_print(uint64_t first_rip, uint64_t rbp);
#endif
