# Device drivers (kernel/drivers/<kind>/): every .c file below this folder
# is built into the kernel, so a new driver is one file plus its
# PCI_DRIVER()/DRIVER_INIT() line (drivers/driver.h). CONFIGURE_DEPENDS
# makes a build notice a file added or removed.
file(GLOB_RECURSE KERNEL_DRIVER_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_LIST_DIR}/*.c)
target_sources(kernel.elf PRIVATE ${KERNEL_DRIVER_SOURCES})
