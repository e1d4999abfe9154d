# Memory-manager tests under QEMU (the mm ktests run in qemu.ktest.all).
# Reports are checked for content: each crash test prints the address it
# abuses, and the panic must name the same one (\1, \2 back-references).
set(hex "0x[0-9a-f]+")

tern_qemu_test(qemu.mm.crash.heapguard CMDLINE "crashtest=heapguard" EXIT 37
  EXPECT "KERNEL PANIC: Page fault"
         "allocation at (${hex}), to (${hex})[\\s\\S]*CR2=\\2[\\s\\S]*page-allocator guard page hit: \\2 is just past the 8192-byte allocation at \\1"
         "crashtest_heapguard")
tern_qemu_test(qemu.mm.crash.doublefree CMDLINE "crashtest=doublefree" EXIT 37
  EXPECT "kfree\\((${hex})\\) twice[\\s\\S]*KERNEL PANIC: block: double free of \\1"
         "block_free" "crashtest_doublefree")
tern_qemu_test(qemu.mm.crash.framedoublefree CMDLINE "crashtest=framedoublefree"
  EXIT 37
  EXPECT "frame_free\\((${hex})\\) twice[\\s\\S]*KERNEL PANIC: frame_free: double free of frame \\1"
         "crashtest_framedoublefree")

# Boot-time reports: the frame line after reclaim, the profile, the stats.
tern_qemu_test(qemu.mm.reports CMDLINE "mmprofile mmstats" TIMEOUT 90
  STOP_ON "mm: end of statistics"
  EXPECT "mm: frames free [1-9][0-9]*, used [1-9][0-9]*, reserved [0-9]+ \\([0-9]+ MiB free; [1-9][0-9]* reclaimed from the loader\\)"
         "mm: boot-time kmalloc profile, [1-9][0-9]* requests\\r?\\nrequest sizes[^\\n]*\\r?\\n  <= +[0-9]+: [1-9]"
         "class +size align +allocs +frees +live +peak +slabs +pages +free\\r?\\n( +[0-9]+){10}\\r?\\n"
         "frames: free [0-9]+ used [0-9]+ reserved [0-9]+")

# bench=mm: only the table's format is checked, never the timings.
set(row "[0-9]+ ops +[0-9]+ cycles/op\\r?\\n")
tern_qemu_test(qemu.mm.bench CMDLINE "bench=mm" TIMEOUT 180
  STOP_ON "mmbench: done"
  EXPECT "mmbench: workload +operations +cycles/op"
         "mmbench: fixed/8 +${row}(mmbench: fixed/[0-9]+ +${row}){9}mmbench: mix10k +${row}(mmbench: page/[0-9]+K +${row}){4}mmbench: frame/1 +${row}mmbench: frame/2M +${row}mmbench: done")
