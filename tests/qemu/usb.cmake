# USB keyboards on the shell (tests/qemu/usb_session.py), one boot each:
#   qemu.usb.keyboard  q35 without PS/2, qemu-xhci (MSI-X), usb-kbd and
#                      usb-tablet: typing, Shift, Caps Lock, auto-repeat,
#                      lsusb; transcript + screendump PNG in
#                      build/test-artifacts/usb-keyboard-*
#   qemu.usb.both      PS/2 + usb-kbd on nec-usb-xhci with MSI (xhci=msi):
#                      unplug, half a command on PS/2, replug, the rest on
#                      the new USB keyboard
#   qemu.usb.polled    qemu-xhci polled (xhci=poll): full-speed usb-kbd,
#                      usb-mouse, usb-audio (EP0 64), SuperSpeed usb-storage
#   qemu.usb.hub       usb-hub with a keyboard and a tablet; hot-plug
#                      behind the hub
#   qemu.usb.recover   usbfault=intr,stall: EP0 recovered after a STALL,
#                      interrupt endpoints restarted after a failed
#                      transfer (hub and keyboard)
#   qemu.usb.faults    usbfault=cmdtimeout,slowexit: an aborted command
#                      that had completed counts; unplug waits for a
#                      slow keyboard thread
#   qemu.usb.nothread  usbfault=thread: a class driver whose thread
#                      could not start leaves no interrupt pipe running
foreach(mode keyboard both polled hub recover faults nothread)
  add_test(NAME qemu.usb.${mode}
    COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/usb_session.py
            --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} ${mode})
  set_tests_properties(qemu.usb.${mode} PROPERTIES LABELS qemu TIMEOUT 400
    FAIL_REGULAR_EXPRESSION "FAIL usb")
endforeach()

# Broken descriptors (usbfault= damages what every device returns before
# it is parsed): each device is logged and skipped, and the machine still
# boots to the shell, without a USB keyboard.
foreach(fault device config)
  tern_qemu_test(qemu.usb.bad${fault} CMDLINE "usbfault=${fault}" TIMEOUT 120
    STOP_ON "tern> "
    EXPECT "usb 1-[0-9]+: bad ${fault}[a-z]* descriptor: [^\n]+; device skipped"
           "input: keyboard absent"
    FORBID "boot keyboard"
    QEMU_ARGS -machine q35,i8042=off -device qemu-xhci -device usb-kbd)
endforeach()
