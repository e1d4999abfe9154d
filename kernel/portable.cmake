# Kernel sources that are portable logic (no arch or EFI headers): built
# into kernel.elf and, under ASan + UBSan, into the host tests in
# tests/host/kernel/.
set(KERNEL_PORTABLE_SOURCES
  core/backtrace.c
  core/bootinfo_check.c
  core/csprng.c
  core/kstack.c
  core/memsummary.c
  core/prof.c
  core/symbols.c
  core/trapdecode.c
  sync/lockdep_graph.c
  test/ktest_select.c
  proc/cpio.c
  proc/ldisc.c
  proc/uelf.c
  proc/ustack.c
  input/keyseq.c
  input/scancode.c
  sched/runq.c
  shell/cmdline.c
  shell/lineedit.c
  shell/lineedit_hist.c
  shell/memmap_draw.c
)
list(TRANSFORM KERNEL_PORTABLE_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
