# KASLR and kernel memory protections (issue 4). Included from
# tests/qemu/CMakeLists.txt; uses its tern_qemu_test().
set(KASLR_PY ${CMAKE_CURRENT_LIST_DIR})

# --- protections: each fault must name the mechanism that fired ----------
tern_qemu_test(qemu.crash.writetext CMDLINE "crashtest=writetext" EXIT 37
  EXPECT "KERNEL PANIC" "Page fault" "protection violation, write"
         "protection: W\\^X: write to a read-only page in kernel text"
         "crashtest_write_victim")
tern_qemu_test(qemu.crash.writerodata CMDLINE "crashtest=writerodata" EXIT 37
  EXPECT "KERNEL PANIC" "Page fault" "protection violation, write"
         "protection: W\\^X: write to a read-only page in kernel rodata"
         "crashtest_write_victim")
tern_qemu_test(qemu.crash.smap CMDLINE "crashtest=smap" EXIT 37
  EXPECT "cpu: protections: WP NXE SMEP SMAP" "KERNEL PANIC" "Page fault"
         "protection violation, read" "CR2=0x0*400000"
         "protection: SMAP: kernel access to a user page"
         "crashtest_user_read_victim")
# No kmalloc in the kernel yet when this was written: "the heap" is the
# direct map (where any frame is reachable) and .bss.
tern_qemu_test(qemu.crash.jumpheap CMDLINE "crashtest=jumpheap" EXIT 37
  EXPECT "KERNEL PANIC" "Page fault" "instruction fetch"
         "protection: NX: instruction fetch from a non-executable page in direct map"
         "crashtest_jumpheap")
tern_qemu_test(qemu.crash.jumpdata CMDLINE "crashtest=jumpdata" EXIT 37
  EXPECT "KERNEL PANIC" "Page fault" "instruction fetch"
         "protection: NX: instruction fetch from a non-executable page in kernel data/bss"
         "crashtest_jumpdata")

# --- the fixed layout and the log ------------------------------------------
tern_qemu_test(qemu.kaslr.nokaslr CMDLINE "nokaslr" TIMEOUT 90
  STOP_ON "kaslr:[^\n]*\n"
  EXPECT "kaslr: off \\(nokaslr\\) virt=0xffffffff80000000 phys=0x[0-9a-f]+ dmap=0xffff800000000000 palloc=0xffffe00000000000 stacks=0xffffd00000000000 virt_bits=0\\.00 phys_bits=0\\.00 dmap_bits=0\\.00 palloc_bits=0\\.00 stacks_bits=0\\.00")
# Without debugptrs no kernel address reaches the log outside the kaslr:
# line (and panic reports, absent here).
tern_qemu_test(qemu.kaslr.noptrs CMDLINE "" TIMEOUT 90
  STOP_ON "paging: W\\^X audit ok[^\n]*\n[^\n]*\n[^\n]*\n[^\n]*\n"
  EXPECT "^kaslr: virt=0xffff" "^entropy: boot seed from [a-z]" "paging: W\\^X audit ok: [1-9][0-9]* RX .* 0 W\\+X"
  FORBID "^(?!kaslr:).*0xffff[89a-f][0-9a-f]{11}")
tern_qemu_test(qemu.kaslr.debugptrs CMDLINE "debugptrs" TIMEOUT 90
  STOP_ON "kernel: phys[^\n]*\n" EXPECT "kernel: phys 0x[0-9a-f]+, virt 0xffff")

# --- scripted multi-boot tests (one at a time: each runs its own QEMUs) ---
add_test(NAME qemu.kaslr.entropy
  COMMAND ${TERN_PYTHON} ${KASLR_PY}/kaslr_entropy.py --esp ${TERN_ESP}
          --boots 16 --boots-norng 8 --jobs 2 --artifacts ${TERN_ARTIFACTS})
add_test(NAME qemu.kaslr.wx_monitor
  COMMAND ${TERN_PYTHON} ${KASLR_PY}/wx_monitor.py --esp ${TERN_ESP}
          --artifacts ${TERN_ARTIFACTS})
add_test(NAME qemu.kaslr.relocation
  COMMAND ${TERN_PYTHON} ${KASLR_PY}/kaslr_reloc.py --esp ${TERN_ESP}
          --artifacts ${TERN_ARTIFACTS})
add_test(NAME qemu.kaslr.gdb
  COMMAND ${TERN_PYTHON} ${KASLR_PY}/gdb_kaslr.py --esp ${TERN_ESP}
          --elf $<TARGET_FILE:kernel.elf> --batch --break arch_early_init
          --serial-log ${TERN_ARTIFACTS}/qemu.kaslr.gdb.serial.log)
set_tests_properties(qemu.kaslr.entropy qemu.kaslr.wx_monitor
  qemu.kaslr.relocation qemu.kaslr.gdb PROPERTIES LABELS qemu RUN_SERIAL TRUE
  TIMEOUT 900)
