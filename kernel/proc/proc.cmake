# Processes: user address spaces, ring 3 entry, system calls, faults.
target_sources(kernel.elf PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/init.c
  ${CMAKE_CURRENT_LIST_DIR}/initrd.c
  ${CMAKE_CURRENT_LIST_DIR}/exec_elf.c
  ${CMAKE_CURRENT_LIST_DIR}/proc.c
  ${CMAKE_CURRENT_LIST_DIR}/proc_fault.c
  ${CMAKE_CURRENT_LIST_DIR}/syscall.c
  ${CMAKE_CURRENT_LIST_DIR}/sys_exec.c
  ${CMAKE_CURRENT_LIST_DIR}/sys_file.c
  ${CMAKE_CURRENT_LIST_DIR}/sys_mem.c
  ${CMAKE_CURRENT_LIST_DIR}/sys_misc.c
  ${CMAKE_CURRENT_LIST_DIR}/uaccess.c
  ${CMAKE_CURRENT_LIST_DIR}/uframe.c
  ${CMAKE_CURRENT_LIST_DIR}/uspace.c
  ${CMAKE_CURRENT_LIST_DIR}/../arch/x86_64/copy_user.S
  ${CMAKE_CURRENT_LIST_DIR}/../arch/x86_64/syscall_arch.c
  ${CMAKE_CURRENT_LIST_DIR}/../arch/x86_64/syscall_entry.S
  ${CMAKE_CURRENT_LIST_DIR}/../test/ktest_initrd.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/ktest_proc.c
  ${CMAKE_CURRENT_LIST_DIR}/../shell/cmd_proc.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/user_blobs.S
)
