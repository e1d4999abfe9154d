# TCP services (echo, discard, HTTP) seen from the host through QEMU user
# networking (restrict=on, hostfwd on free 127.0.0.1 ports, so the two
# NICs can run at once): tests/qemu/tcp_user.py with curl and http.client.
# Transcripts and serial logs: build/test-artifacts/tcp-user-*.
foreach(nic virtio e1000 e1000e)
  add_test(NAME qemu.tcp.user.${nic}
    COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tcp_user.py
            --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --nic ${nic})
  set_tests_properties(qemu.tcp.user.${nic} PROPERTIES LABELS qemu
    TIMEOUT 600 FAIL_REGULAR_EXPRESSION "FAIL tcp")
endforeach()
