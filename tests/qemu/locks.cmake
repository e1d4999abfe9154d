# Ticket spinlocks and the lock-order checker (kernel/sync/README.md).
set(TERN_LOCK_KTESTS lock_ticket_fields lock_nesting_keeps_irqs_off
  lock_plain_keeps_irq_flag lock_ticket_wraps lock_serves_in_ticket_order
  lock_in_irq_only_in_handlers lock_checker_tracks_classes
  lock_cost_nested_pair)
string(REPLACE ";" "," TERN_LOCK_KTESTS "${TERN_LOCK_KTESTS}")
tern_qemu_test(qemu.locks.ktest CMDLINE "test=${TERN_LOCK_KTESTS}" EXIT 33
  TIMEOUT 120 EXPECT "ktest: 8 passed, 0 failed"
  QEMU_ARGS -smp 2)

# A spinlock taken twice on one CPU: a panic naming it, in any build.
tern_qemu_test(qemu.locks.recurse CMDLINE "crashtest=lockrecurse" EXIT 37
  TIMEOUT 120
  EXPECT "KERNEL PANIC" "spinlock 'crash-a' taken twice on cpu 0 \\(deadlock\\)"
  FORBID "recursive panic" "did not crash")

if(TERN_LOCK_DEBUG)
  # The checker is on at boot in debug builds...
  tern_qemu_test(qemu.locks.checker.on CMDLINE "" TIMEOUT 120
    STOP_ON "${TERN_PROMPT}"
    EXPECT "lockdep: lock-order checker on"
    FORBID "KERNEL PANIC" "lockdep: [^l]")
  # ...and nolockdep turns it off.
  tern_qemu_test(qemu.locks.checker.off CMDLINE "nolockdep crashtest=lockinv"
    EXIT 35 TIMEOUT 120
    EXPECT "lockdep: lock-order checker off \\(nolockdep\\)"
           "crashtest: lockinv did not crash"
    FORBID "KERNEL PANIC")
  # Two locks taken in both orders: the panic names both and the chain.
  tern_qemu_test(qemu.locks.inversion CMDLINE "crashtest=lockinv" EXIT 37
    TIMEOUT 120 QEMU_ARGS -smp 2
    EXPECT "KERNEL PANIC" "lockdep: lock order inversion: taking 'crash-a' while holding 'crash-b'; earlier 'crash-b' was taken while holding 'crash-a'"
           "cpu 0 \\(this one\\) holds 'crash-b'"
    FORBID "recursive panic" "did not crash")
  # A lock held with interrupts on and taken in a handler.
  tern_qemu_test(qemu.locks.irqunsafe CMDLINE "crashtest=lockirq" EXIT 37
    TIMEOUT 120
    EXPECT "KERNEL PANIC" "lockdep: irq-unsafe lock 'crash-irq'"
    FORBID "recursive panic" "did not crash")
  # A lock "cpu 1" never releases: the waiter gives up after 1 s.
  tern_qemu_test(qemu.locks.stall CMDLINE "crashtest=lockstall" EXIT 37
    TIMEOUT 120
    EXPECT "KERNEL PANIC" "spinlock 'crash-stall' held by cpu 1 for too long \\(over 1000 ms; cpu 0 waits\\)"
    FORBID "recursive panic" "did not crash")
  # A cross-CPU call's function takes a lock (it may run inside that
  # lock's wait on the target): refused at once, naming lock and CPU.
  tern_qemu_test(qemu.locks.incall CMDLINE "crashtest=lockincall" EXIT 37
    TIMEOUT 120 QEMU_ARGS -smp 2
    EXPECT "KERNEL PANIC" "spinlock 'crash-a' taken inside a cross-CPU call on cpu 1"
           "take_in_call\\+0x[0-9a-f]+[\\r\\n]+.*run_call" "cpu 0 was stopped at:"
    FORBID "recursive panic" "did not crash")
endif()
