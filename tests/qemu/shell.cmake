# The interactive shell, driven the way a person would use it
# (tests/qemu/shell_session.py): over serial, by the PS/2 keyboard through
# the QEMU monitor's sendkey, on the framebuffer through screendump, and
# poweroff. Transcripts, serial logs and the PNG: build/test-artifacts/.
foreach(mode serial keyboard screendump poweroff reboot smp)
  add_test(NAME qemu.shell.${mode}
    COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/shell_session.py
            --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} ${mode})
  set_tests_properties(qemu.shell.${mode} PROPERTIES LABELS qemu TIMEOUT 400
    FAIL_REGULAR_EXPRESSION "FAIL shell")
endforeach()

# A kernel thread running into the guard page below its stack: reported as
# a stack overflow naming the thread.
tern_qemu_test(qemu.crash.threadoverflow CMDLINE "crashtest=threadoverflow"
  EXIT 37 EXPECT "KERNEL PANIC" "[Dd]ouble fault" "stack overflow"
                 "overflow-victim" "crashtest_recurse")

# SSE in the kernel faults (#UD: CR0.EM is set once the scheduler runs),
# since thread switches do not save SSE state.
tern_qemu_test(qemu.crash.sse CMDLINE "crashtest=sse" EXIT 37
  EXPECT "KERNEL PANIC" "Invalid opcode" "crashtest_sse_victim")
