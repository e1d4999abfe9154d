# Framebuffer console sources, added to kernel.elf by kernel/CMakeLists.txt.
#
# The font is drawn by hand in font8x16.txt; gen_font.py checks it and turns
# it into font8x16.c in the build tree (the build fails on a malformed font).

# tern_fbcon_sources(<var>): sets <var> to the console's sources, including
# a font8x16.c generated in the calling directory's build tree. A function
# (and so usable from tests/host/fbcon too) because a generated file only has
# a build rule in the directory that declares it.
set(TERN_FBCON_DIR ${CMAKE_CURRENT_LIST_DIR})
function(tern_fbcon_sources var)
  set(dir ${CMAKE_CURRENT_FUNCTION_LIST_DIR})
  set(txt ${dir}/font8x16.txt)
  set(gen ${dir}/gen_font.py)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/generated/font8x16.c)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated
    COMMAND ${TERN_PYTHON} ${gen} ${txt} ${out}
    DEPENDS ${txt} ${gen}
    COMMENT "Generating console font from font8x16.txt"
    VERBATIM)
  set(srcs fbcon.c fbcon_esc.c fbcon_pixel.c fbcon_render.c fbcon_term.c
    fbcon_utf8.c)
  list(TRANSFORM srcs PREPEND ${dir}/)
  set(${var} ${srcs} ${out} PARENT_SCOPE)
endfunction()

tern_fbcon_sources(TERN_FBCON_SOURCES)
target_sources(kernel.elf PRIVATE ${TERN_FBCON_SOURCES})
target_include_directories(kernel.elf PRIVATE ${TERN_FBCON_DIR})
