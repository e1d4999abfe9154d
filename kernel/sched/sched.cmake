# Threads, synchronisation, input and the shell: the kernel-only sources
# (their portable logic is in kernel/portable.cmake).
target_sources(kernel.elf PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/../arch/x86_64/switch.S
  ${CMAKE_CURRENT_LIST_DIR}/../arch/x86_64/thread_arch.c
  ${CMAKE_CURRENT_LIST_DIR}/mutex.c
  ${CMAKE_CURRENT_LIST_DIR}/sched.c
  ${CMAKE_CURRENT_LIST_DIR}/balance.c
  ${CMAKE_CURRENT_LIST_DIR}/sched_bench.c
  ${CMAKE_CURRENT_LIST_DIR}/sleep.c
  ${CMAKE_CURRENT_LIST_DIR}/intr.c
  ${CMAKE_CURRENT_LIST_DIR}/stack.c
  ${CMAKE_CURRENT_LIST_DIR}/thread.c
  ${CMAKE_CURRENT_LIST_DIR}/waitq.c
  ${CMAKE_CURRENT_LIST_DIR}/../sync/lockdep.c
  ${CMAKE_CURRENT_LIST_DIR}/../sync/spinlock.c
  ${CMAKE_CURRENT_LIST_DIR}/../input/input.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/cmd_mem.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/cmd_platform.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/cmd_prof.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/cmd_sched.c
  ${CMAKE_CURRENT_LIST_DIR}/../core/prof_kernel.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/cmd_usb.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/shell.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/shell_cmds.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/crashtest_lock.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/crashtest_sched.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/ktest_lock.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/ktest_sched.c
)
