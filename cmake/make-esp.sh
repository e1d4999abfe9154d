#!/bin/sh
# make-esp.sh OUT.img BOOTX64.EFI KERNEL.elf TERN.cfg [INITRD.cpio [SIZE_MIB]]
# Builds a FAT EFI system partition image with mtools: no root, no loop mount.
#
#   \EFI\BOOT\BOOTX64.EFI   the tern loader (UEFI removable-media path)
#   \tern\kernel.elf        the kernel
#   \tern\tern.cfg          kernel path and command line
#   \tern\initrd.cpio       the initramfs (if given)
set -eu
out=$1 efi=$2 kernel=$3 cfg=$4 initrd=${5:-} size=${6:-32}
tmp="$out.tmp"
rm -f "$tmp"
dd if=/dev/zero of="$tmp" bs=1M count="$size" status=none
mformat -i "$tmp" -v TERN ::
mmd -i "$tmp" ::/EFI ::/EFI/BOOT ::/tern
mcopy -i "$tmp" "$efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$tmp" "$kernel" ::/tern/kernel.elf
mcopy -i "$tmp" "$cfg" ::/tern/tern.cfg
if [ -n "$initrd" ]; then
	mcopy -i "$tmp" "$initrd" ::/tern/initrd.cpio
fi
mv "$tmp" "$out"
