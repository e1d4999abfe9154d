# The initramfs (kernel/proc/initrd.c): the ESP's \tern\initrd.cpio reaches
# the kernel, which counts its files at boot; the shell's `initrd` listing
# and /etc/motd's text are checked by qemu.shell.serial (shell_session.py).
# An ESP without the archive, and one with a corrupt archive, still boot.
tern_qemu_test(qemu.initrd.boot CMDLINE "" TIMEOUT 90
  STOP_ON "memory: [0-9]+ MiB usable[\\s\\S]*initrd: [^\\r\\n]*[\\r\\n]"
  EXPECT "tern loader: initrd \\\\tern\\\\initrd.cpio, [0-9]+ KiB"
         "initrd: [1-9][0-9]* files?, [0-9]+ KiB"
         "  initrd +[0-9]+ [KM]iB in 1 range")
tern_qemu_test(qemu.initrd.absent CMDLINE "" TIMEOUT 90
  STOP_ON "initrd: none"
  EXPECT "tern loader: no \\\\tern\\\\initrd.cpio" "initrd: none"
  TQ_ARGS --esp-delete ::/tern/initrd.cpio)
tern_qemu_test(qemu.initrd.malformed CMDLINE "" TIMEOUT 90
  STOP_ON "initrd: malformed: [^\\r\\n]*[\\r\\n]"
  EXPECT "initrd: malformed: bad magic \\(not a newc archive\\)"
  TQ_ARGS --esp-file ${CMAKE_CURRENT_SOURCE_DIR}/initrd.cmake=::/tern/initrd.cpio)
