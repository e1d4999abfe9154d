# Networking (kernel/net/, net/): both NICs, driven over the serial shell by
# tests/qemu/net_session.py. Traffic never leaves the machine: QEMU user
# networking always has restrict=on, and the peer tests use QEMU's socket
# backend on 127.0.0.1 with a peer written in python (net_peer.py).
# Transcripts and serial logs: build/test-artifacts/net-*.
foreach(nic virtio e1000 e1000e)
  foreach(mode user static peer)
    set(extra)
    if(mode STREQUAL "peer" AND nic STREQUAL "virtio")
      set(extra --transcript)  # build/test-artifacts/net-transcript.txt
    elseif(nic STREQUAL "e1000")
      set(extra --expect-boot "e1000: offloads csum rx_csum tso")
    endif()
    add_test(NAME qemu.net.${mode}.${nic}
      COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/net_session.py
              --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --nic ${nic}
              ${extra} ${mode})
    set_tests_properties(qemu.net.${mode}.${nic} PROPERTIES LABELS qemu
      TIMEOUT 600 FAIL_REGULAR_EXPRESSION "FAIL net")
  endforeach()
endforeach()

# INTx fallback: virtio-net without MSI-X vectors.
add_test(NAME qemu.net.intx.virtio
  COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/net_session.py
          --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --nic virtio
          --device-opts vectors=0 static)
set_tests_properties(qemu.net.intx.virtio PROPERTIES LABELS qemu TIMEOUT 600
  FAIL_REGULAR_EXPRESSION "FAIL net")

# A NIC tern has no driver for (nic_nodriver.py): boots to the shell, the
# boot log and lspci name it ("no driver"), the net commands say so.
add_test(NAME qemu.net.nodriver.rtl8139
  COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/nic_nodriver.py
          --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --device rtl8139
          --id 10ec:8139)
set_tests_properties(qemu.net.nodriver.rtl8139 PROPERTIES LABELS qemu
  TIMEOUT 300 FAIL_REGULAR_EXPRESSION "FAIL nodriver")

# e1000e link changes (QEMU set_link off/on) seen through the MSI-X
# "other" vector (LSC), traffic flowing again afterwards.
add_test(NAME qemu.net.link.e1000e
  COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/net_session.py
          --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --nic e1000e
          --link-flap --irq-handler "e1000e other" static)
set_tests_properties(qemu.net.link.e1000e PROPERTIES LABELS qemu TIMEOUT 600
  FAIL_REGULAR_EXPRESSION "FAIL net")

# The e1000e's fallbacks (QEMU's 82574 always offers MSI-X; the kernel
# command line skips it): MSI, then the INTx line, each carrying the
# pings and the link edges.
foreach(irq msi intx)
  string(TOUPPER ${irq} irq_name)
  if(irq STREQUAL "intx")
    set(irq_name INTx)
  endif()
  add_test(NAME qemu.net.${irq}.e1000e
    COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/net_session.py
            --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --nic e1000e
            --cmdline-extra e1000e.irq=${irq}
            --expect-boot "eth0: e1000e .*, ${irq_name}, ITR .*link up"
            --irq-handler e1000e --link-flap static)
  set_tests_properties(qemu.net.${irq}.e1000e PROPERTIES LABELS qemu
    TIMEOUT 600 FAIL_REGULAR_EXPRESSION "FAIL net")
endforeach()

# The I217/I219 steps (e1000e_pch.c) cannot run for real here: QEMU has no
# PCH LAN model. The e1000e.pch_id test hook runs them on the 82574, where
# the semaphore works, the PHY and the flash do not answer: each failure
# must be a log line and a bounded wait, and the MAC must come from RAL0.
foreach(pch 15b8 153a)
  add_test(NAME qemu.net.pchpath.${pch}.e1000e
    COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/net_session.py
            --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --nic e1000e
            --cmdline-extra e1000e.pch_id=${pch}
            --expect-boot "run as ${pch} [\\s\\S]*ME firmware absent[\\s\\S]*no valid NVM bank[\\s\\S]*MAC from RAL0/RAH0.*link up"
            static)
  set_tests_properties(qemu.net.pchpath.${pch}.e1000e PROPERTIES
    LABELS qemu TIMEOUT 600 FAIL_REGULAR_EXPRESSION "FAIL net")
endforeach()

# No NIC: the boot is unchanged and the commands say so.
tern_qemu_test(qemu.net.nonic CMDLINE "" TIMEOUT 60 STOP_ON "tern shell"
  FORBID "eth0")

# A real Linux peer (net_netns.py): a tap inside a network namespace the
# test creates and deletes, dnsmasq for DHCP and DNS, ping both ways
# (also fragmented: -s 3000/8000 from tern, -s 8000/65507 from Linux), a
# 10 s flood ping, 100000 hostile frames. Root only: exit 77 (skipped)
# without root, ip, dnsmasq, ping or scapy. The lock keeps the two apart.
foreach(nic virtio e1000 e1000e)
  add_test(NAME qemu.net.netns.${nic}
    COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/net_netns.py
            --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --nic ${nic})
  set_tests_properties(qemu.net.netns.${nic} PROPERTIES LABELS qemu
    TIMEOUT 600 SKIP_RETURN_CODE 77 RESOURCE_LOCK tern_netns
    FAIL_REGULAR_EXPRESSION "FAIL net")
endforeach()
