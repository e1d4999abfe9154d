# The kernel's memory glue (kernel/mm/) and mm/'s portable allocators.
target_sources(kernel.elf PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/mm_bench.c
  ${CMAKE_CURRENT_LIST_DIR}/mm_boot.c
  ${CMAKE_CURRENT_LIST_DIR}/mm_drain.c
  ${CMAKE_CURRENT_LIST_DIR}/kmalloc_cpu.c
  ${CMAKE_CURRENT_LIST_DIR}/mm_report.c
  ${CMAKE_CURRENT_LIST_DIR}/vm.c
  ${CMAKE_CURRENT_LIST_DIR}/vm_io.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/ktest_mm.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/ktest_mm_vm.c
  ${CMAKE_CURRENT_LIST_DIR}/../test/crashtest_mm.c
)
target_link_libraries(kernel.elf PRIVATE mm_kernel)
