# Networking, the kernel side (kernel/net/): the netdev registry, netd,
# blocking socket calls, services and shell commands. The NIC drivers are
# in kernel/drivers/net/, the portable stack in net/ (library net_kernel).
target_sources(kernel.elf PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/http_get.c
  ${CMAKE_CURRENT_LIST_DIR}/httpd.c
  ${CMAKE_CURRENT_LIST_DIR}/httpd_req.c
  ${CMAKE_CURRENT_LIST_DIR}/httpd_status.c
  ${CMAKE_CURRENT_LIST_DIR}/ktcp.c
  ${CMAKE_CURRENT_LIST_DIR}/net_boot.c
  ${CMAKE_CURRENT_LIST_DIR}/net_platform.c
  ${CMAKE_CURRENT_LIST_DIR}/net_shell.c
  ${CMAKE_CURRENT_LIST_DIR}/net_sock.c
  ${CMAKE_CURRENT_LIST_DIR}/svc_limit.c
  ${CMAKE_CURRENT_LIST_DIR}/netdev.c
  ${CMAKE_CURRENT_LIST_DIR}/tcp_services.c
  ${CMAKE_CURRENT_LIST_DIR}/tcp_shell.c
  ${CMAKE_CURRENT_LIST_DIR}/udp_echo.c
)
target_link_libraries(kernel.elf PRIVATE net_kernel)
