# Compile flags, as interface libraries that targets link against.

# Every tern target: strict warnings.
add_library(tern_warnings INTERFACE)
target_compile_options(tern_warnings INTERFACE -Wall -Wextra -Werror
  -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter)

# Freestanding code shared by the kernel and the loader: no host headers
# (only clang's own stdint.h, stddef.h, stdarg.h, stdbool.h), no libc.
add_library(tern_freestanding INTERFACE)
target_compile_options(tern_freestanding INTERFACE
  -ffreestanding -nostdinc -isystem ${TERN_CLANG_RESOURCE_DIR}/include
  -mno-red-zone -mgeneral-regs-only -fno-stack-protector
  -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer)
target_include_directories(tern_freestanding INTERFACE
  ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(tern_freestanding INTERFACE tern_warnings)

# The kernel: a static PIE linked in the higher half.
add_library(tern_kernel_flags INTERFACE)
target_compile_options(tern_kernel_flags INTERFACE -fpie -fvisibility=hidden
  -fno-asynchronous-unwind-tables -fno-unwind-tables)
target_compile_definitions(tern_kernel_flags INTERFACE TERN_KERNEL=1)
target_link_libraries(tern_kernel_flags INTERFACE tern_freestanding)

# The loader: a gnu-efi application (ELF shared object turned into PE).
add_library(tern_efi_flags INTERFACE)
target_compile_options(tern_efi_flags INTERFACE -fpic -fshort-wchar
  -DEFI_FUNCTION_WRAPPER -fno-asynchronous-unwind-tables)
target_include_directories(tern_efi_flags SYSTEM INTERFACE
  ${TERN_GNUEFI_INCLUDE} ${TERN_GNUEFI_INCLUDE}/x86_64)
target_compile_definitions(tern_efi_flags INTERFACE TERN_LOADER=1)
target_link_libraries(tern_efi_flags INTERFACE tern_freestanding)

# User programs (user/): freestanding static-PIE executables for tern's
# ring 3, which also run natively on x86_64 Linux (same system-call ABI).
# Unlike the kernel they may use SSE and the red zone. The stack protector
# uses a global guard (__stack_chk_guard, set from AT_RANDOM by the start
# code): tern gives user space no TLS, so the %fs:0x28 canary is unusable.
add_library(tern_user_flags INTERFACE)
target_compile_options(tern_user_flags INTERFACE
  -ffreestanding -nostdinc -isystem ${TERN_CLANG_RESOURCE_DIR}/include
  -fPIE -fstack-protector-strong -mstack-protector-guard=global
  -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer)
target_compile_definitions(tern_user_flags INTERFACE TERN_USER=1)
target_include_directories(tern_user_flags INTERFACE
  ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(tern_user_flags INTERFACE tern_warnings)

# Host unit tests: hosted, with AddressSanitizer and UBSan, libk symbols
# renamed (LIBK_HOST_TEST) so they never clash with the host libc.
add_library(tern_host_test_flags INTERFACE)
target_compile_options(tern_host_test_flags INTERFACE -g -O1
  -fsanitize=address,undefined -fno-sanitize-recover=all
  -fno-omit-frame-pointer)
target_link_options(tern_host_test_flags INTERFACE
  -fsanitize=address,undefined)
target_compile_definitions(tern_host_test_flags INTERFACE LIBK_HOST_TEST=1)
target_include_directories(tern_host_test_flags INTERFACE
  ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(tern_host_test_flags INTERFACE tern_warnings)

# The same with ThreadSanitizer instead (mm_tsan, libk_tsan: the threaded
# mm test); TSan cannot be combined with ASan.
add_library(tern_host_tsan_flags INTERFACE)
target_compile_options(tern_host_tsan_flags INTERFACE -g -O1
  -fsanitize=thread -fno-omit-frame-pointer)
target_link_options(tern_host_tsan_flags INTERFACE -fsanitize=thread)
target_compile_definitions(tern_host_tsan_flags INTERFACE LIBK_HOST_TEST=1)
target_include_directories(tern_host_tsan_flags INTERFACE
  ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(tern_host_tsan_flags INTERFACE tern_warnings)

# tern_portable_library(PREFIX SOURCES...): a portable subsystem (mm/, net/)
# built twice from the same sources: PREFIX_kernel with the kernel's flags
# and PREFIX_host for the host tests (ASan + UBSan), both exporting the
# calling folder's include/ and linking the matching libk.
function(tern_portable_library prefix)
  set(inc ${CMAKE_CURRENT_SOURCE_DIR}/include)
  add_library(${prefix}_kernel STATIC ${ARGN})
  target_include_directories(${prefix}_kernel PUBLIC ${inc})
  target_link_libraries(${prefix}_kernel PUBLIC tern_kernel_flags libk_kernel)
  if(TERN_HOST_TESTS)
    add_library(${prefix}_host STATIC ${ARGN})
    target_include_directories(${prefix}_host PUBLIC ${inc})
    target_link_libraries(${prefix}_host PUBLIC tern_host_test_flags libk_host)
  endif()
endfunction()
