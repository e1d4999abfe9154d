/* SPDX-License-Identifier: MIT */
/*
 * The handoff trampoline. main.c copies [tern_handoff, tern_handoff_end)
 * into a page that is identity-mapped (RX) both in the firmware's tables
 * and in the kernel's, and calls it there (SysV ABI):
 *
 *	tern_handoff(rdi = pml4 phys, rsi = stack top, rdx = boot-info
 *	             (direct-map virtual), rcx = kernel entry,
 *	             r8 = direct-map offset)
 *
 * Interrupts must already be off, EFER.NXE and CR0.WP set. It
 *   1. loads CR3: from here on only the kernel's tables are live;
 *   2. switches to the boot stack;
 *   3. loads its own GDT (through the direct map, so it survives the
 *      kernel dropping the identity page): 0x08 64-bit code, 0x10 data;
 *      reloads CS, DS, ES, SS with those and FS, GS with null; loads an
 *      empty IDT (limit 0) so any exception before the kernel installs
 *      its own ends in a clean triple fault rather than a firmware vector;
 *   4. jumps to the entry with rdi = boot-info, rbp = 0, rsp = stack top.
 * Position independent: it runs wherever it is copied.
 */
	.section .text
	.globl tern_handoff, tern_handoff_end
	.p2align 4
tern_handoff:
	cli
	movq	%rdi, %cr3
	movq	%rsi, %rsp
	leaq	gdt(%rip), %rax
	addq	%r8, %rax		/* the GDT's direct-map address */
	subq	$16, %rsp
	movw	$(gdt_end - gdt - 1), 6(%rsp)
	movq	%rax, 8(%rsp)
	lgdt	6(%rsp)
	movw	$0, 6(%rsp)
	movq	$0, 8(%rsp)
	lidt	6(%rsp)
	addq	$16, %rsp
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	1f(%rip), %rax
	pushq	$0x08
	pushq	%rax
	lretq
1:	movq	%rdx, %rdi
	xorl	%ebp, %ebp
	jmpq	*%rcx

	.p2align 3
/* Flat descriptors (SDM vol. 3A, 3.4.5): accessed bit preset so the CPU
 * never needs to write them. */
gdt:	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08: code, L=1, DPL 0 */
	.quad	0x00cf93000000ffff	/* 0x10: data, writable, DPL 0 */
gdt_end:
tern_handoff_end:
