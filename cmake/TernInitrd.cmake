# The initramfs: build/initrd.cpio, a cpio newc archive that the ESP carries
# as \tern\initrd.cpio (cmake/TernEsp.cmake) and the loader hands to the
# kernel (kernel/proc/initrd.c). scripts/mkcpio.py packs it, deterministic:
# sorted, parent directories added, mtime/uid/gid 0.
#
#   tern_initrd_add(<file> <archive path> [DEPENDS <target>...])
#
# adds one file, from any CMakeLists.txt included before TernEsp.cmake
# (add_subdirectory(user) must come before include(cmake/TernEsp.cmake)).
# <file> may be a generator expression; a program built here goes in with
#
#   tern_initrd_add($<TARGET_FILE:hello> /bin/hello DEPENDS hello)
#
# A relative <file> is taken from the calling directory's source dir. Files
# with an execute bit are stored 0755, others 0644.
set(TERN_MKCPIO ${PROJECT_SOURCE_DIR}/scripts/mkcpio.py)
set(TERN_INITRD ${PROJECT_BINARY_DIR}/initrd.cpio)

function(tern_initrd_add file path)
  cmake_parse_arguments(A "" "" "DEPENDS" ${ARGN})
  if(A_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tern_initrd_add: unexpected ${A_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT file MATCHES "^\\$<")
    get_filename_component(file "${file}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  set_property(GLOBAL APPEND PROPERTY TERN_INITRD_LINES "${file}\t${path}")
  set_property(GLOBAL APPEND PROPERTY TERN_INITRD_FILES "${file}")
  set_property(GLOBAL APPEND PROPERTY TERN_INITRD_DEPENDS ${A_DEPENDS})
endfunction()

# The archive and its target `initrd`, from everything added so far (called
# once, by TernEsp.cmake).
function(tern_initrd_build)
  get_property(lines GLOBAL PROPERTY TERN_INITRD_LINES)
  get_property(files GLOBAL PROPERTY TERN_INITRD_FILES)
  get_property(deps GLOBAL PROPERTY TERN_INITRD_DEPENDS)
  set(manifest ${PROJECT_BINARY_DIR}/initrd.manifest)
  list(JOIN lines "\n" content)
  file(GENERATE OUTPUT ${manifest} CONTENT "${content}\n")
  add_custom_command(
    OUTPUT ${TERN_INITRD}
    COMMAND ${TERN_PYTHON} ${TERN_MKCPIO} -o ${TERN_INITRD}
            --manifest ${manifest}
    DEPENDS ${TERN_MKCPIO} ${manifest} ${files} ${deps}
    COMMENT "Packing the initramfs initrd.cpio")
  add_custom_target(initrd DEPENDS ${TERN_INITRD})
endfunction()

tern_initrd_add(${PROJECT_SOURCE_DIR}/user/rootfs/etc/motd /etc/motd)
