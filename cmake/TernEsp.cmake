# build/esp.img: the FAT EFI system partition that QEMU boots.
configure_file(${PROJECT_SOURCE_DIR}/loader/tern.cfg.in
               ${PROJECT_BINARY_DIR}/tern.cfg @ONLY)
tern_initrd_build()
set(TERN_ESP ${PROJECT_BINARY_DIR}/esp.img)
add_custom_command(
  OUTPUT ${TERN_ESP}
  COMMAND ${PROJECT_SOURCE_DIR}/cmake/make-esp.sh ${TERN_ESP}
          ${TERN_LOADER_EFI} $<TARGET_FILE:kernel.elf>
          ${PROJECT_BINARY_DIR}/tern.cfg ${TERN_INITRD}
  DEPENDS loader ${TERN_LOADER_EFI} kernel.elf ${PROJECT_BINARY_DIR}/tern.cfg
          ${TERN_INITRD} initrd ${PROJECT_SOURCE_DIR}/cmake/make-esp.sh
  COMMENT "Building the EFI system partition image esp.img")
add_custom_target(esp ALL DEPENDS ${TERN_ESP})
