# Framebuffer console sources, added to kernel.elf by kernel/CMakeLists.txt.
