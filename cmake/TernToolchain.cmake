# Locates the tools tern builds with. See ../shared/NOTES.md for why each one.
find_program(TERN_LLD NAMES ld.lld-19 REQUIRED)
# GNU objcopy: llvm-objcopy has no efi-app-x86_64 target.
find_program(TERN_OBJCOPY NAMES objcopy REQUIRED)
find_program(TERN_MFORMAT NAMES mformat REQUIRED)
find_program(TERN_MMD NAMES mmd REQUIRED)
find_program(TERN_MCOPY NAMES mcopy REQUIRED)
find_program(TERN_PYTHON NAMES python3 REQUIRED)

set(TERN_GNUEFI_INCLUDE /usr/include/efi CACHE PATH "gnu-efi headers")
set(TERN_GNUEFI_LIB /usr/lib CACHE PATH "gnu-efi crt0, linker script, libs")
foreach(f crt0-efi-x86_64.o elf_x86_64_efi.lds libefi.a libgnuefi.a)
  if(NOT EXISTS "${TERN_GNUEFI_LIB}/${f}")
    message(FATAL_ERROR "gnu-efi file ${TERN_GNUEFI_LIB}/${f} is missing: apt-get install gnu-efi")
  endif()
endforeach()

execute_process(COMMAND ${CMAKE_C_COMPILER} -print-resource-dir
                OUTPUT_VARIABLE TERN_CLANG_RESOURCE_DIR
                OUTPUT_STRIP_TRAILING_WHITESPACE)
