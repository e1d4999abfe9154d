/* SPDX-License-Identifier: MIT */
/*
 * tern boot-info: the one struct the loader hands to the kernel.
 *
 * The loader builds a single contiguous blob in loader-reclaimable memory and
 * passes the kernel a pointer to it (a direct-map virtual address) in RDI.
 * Everything the kernel needs from the firmware is inside the blob; nothing in
 * it points outside except physical addresses of firmware tables.
 *
 *   blob (bi->size bytes)
 *   +--------------------------------+ 0
 *   | struct tern_bootinfo (header)  |
 *   +--------------------------------+ memmap_offset
 *   | struct tern_mem_range[count]   |  sorted, non-overlapping
 *   +--------------------------------+ efi_map_offset
 *   | raw EFI memory map             |  efi_map_size bytes, efi_desc_size each
 *   +--------------------------------+ cmdline_offset
 *   | command line, UTF-8, NUL       |  cmdline_len bytes excluding the NUL
 *   +--------------------------------+ symtab_offset
 *   | struct tern_symbol[count]      |  kernel functions, sorted by addr
 *   +--------------------------------+ strtab_offset
 *   | symbol names, NUL-terminated   |  strtab_size bytes
 *   +--------------------------------+ size
 *
 * Every (offset, length) pair is relative to the start of the blob and must
 * lie inside [header_size, size). The kernel checks magic, version and size
 * (bootinfo_validate) before it trusts any other field.
 *
 * Versioning: a loader and a kernel must agree on TERN_BOOTINFO_VERSION.
 * Fields are only ever appended; header_size lets a newer kernel notice an
 * older, shorter header.
 */
#ifndef TERN_BOOTINFO_H
#define TERN_BOOTINFO_H

#include <stdint.h>

#define TERN_BOOTINFO_MAGIC 0x4f464e494e524554ull /* "TERNINFO" in memory */
#define TERN_BOOTINFO_VERSION                                                  \
	4u /* 2: KASLR regions; 3: the initramfs; 4: the AP trampoline */

/* Types of struct tern_mem_range. Zero is never a valid type. */
enum tern_mem_type {
	TERN_MEM_USABLE = 1,         /* free RAM, page aligned */
	TERN_MEM_LOADER_RECLAIMABLE, /* loader image, boot-info: free once
	                                copied */
	TERN_MEM_KERNEL, /* kernel image, its page tables and boot stack */
	TERN_MEM_ACPI_RECLAIMABLE, /* ACPI tables: free once parsed */
	TERN_MEM_ACPI_NVS,         /* firmware-owned across sleep states */
	TERN_MEM_MMIO,             /* device memory described by the firmware */
	TERN_MEM_FRAMEBUFFER,      /* the GOP framebuffer */
	TERN_MEM_RESERVED,         /* anything else the OS must not touch */
	TERN_MEM_BAD,              /* memory the firmware found defective */
	TERN_MEM_INITRD,           /* the initramfs archive (initrd_phys) */
	TERN_MEM_TYPE_COUNT
};

/* One physical range [base, base + length). */
struct tern_mem_range {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum tern_mem_type */
	uint32_t reserved;
};

/* Framebuffer pixel layouts (one 32-bit pixel per 4 bytes). */
enum tern_fb_format {
	TERN_FB_NONE = 0, /* no framebuffer: fb fields are all zero */
	TERN_FB_RGBX8888, /* byte 0 red, byte 1 green, byte 2 blue */
	TERN_FB_BGRX8888, /* byte 0 blue, byte 1 green, byte 2 red */
	TERN_FB_BITMASK,  /* use the masks below */
};

struct tern_framebuffer {
	uint64_t phys;   /* physical base address */
	uint64_t virt;   /* where the loader mapped it (write-combining) */
	uint64_t size;   /* bytes, >= pitch * height */
	uint32_t width;  /* visible pixels per line */
	uint32_t height; /* lines */
	uint32_t pitch;  /* bytes per line */
	uint32_t format; /* enum tern_fb_format */
	uint32_t red_mask, green_mask, blue_mask; /* TERN_FB_BITMASK only */
	uint32_t reserved;
};

/* Sources that contributed to seed[]. */
#define TERN_SEED_EFI_RNG (1u << 0) /* EFI_RNG_PROTOCOL */
#define TERN_SEED_RDSEED  (1u << 1)
#define TERN_SEED_RDRAND  (1u << 2)
#define TERN_SEED_TSC     (1u << 3) /* TSC jitter, the weakest */

/* One randomized placement (the arithmetic is in tern/layout.h). */
struct tern_placement {
	uint64_t slots;         /* equally likely positions; 1 = fixed */
	uint32_t centibits;     /* floor(100 * log2(slots)), the entropy */
	uint32_t granule_shift; /* positions are 1 << granule_shift apart */
};

/* Indices of tern_bootinfo.place[]. */
enum tern_placement_id {
	TERN_PLACE_KERNEL_VIRT, /* kernel image virtual base */
	TERN_PLACE_KERNEL_PHYS, /* kernel image physical base */
	TERN_PLACE_DIRECT_MAP,  /* direct_map_offset */
	TERN_PLACE_PAGE_ALLOC,  /* page_alloc_base */
	TERN_PLACE_STACKS,      /* stack_region_base */
	TERN_PLACE_COUNT
};

/* One kernel function symbol. addr is the link-time address. */
struct tern_symbol {
	uint64_t addr;
	uint32_t size;     /* bytes, 0 if unknown */
	uint32_t name_off; /* into the strtab area */
};

struct tern_bootinfo {
	/* --- identification: checked first --- */
	uint64_t magic;       /* TERN_BOOTINFO_MAGIC */
	uint32_t version;     /* TERN_BOOTINFO_VERSION */
	uint32_t header_size; /* sizeof(struct tern_bootinfo) at the loader */
	uint32_t size;        /* the whole blob, header and areas */
	uint32_t flags;       /* TERN_BI_* */

	/* --- memory map --- */
	uint32_t memmap_offset; /* struct tern_mem_range[memmap_count] */
	uint32_t memmap_count;
	uint32_t efi_map_offset; /* raw EFI_MEMORY_DESCRIPTORs */
	uint32_t efi_map_size;   /* bytes */
	uint32_t efi_desc_size;  /* stride between descriptors */
	uint32_t efi_desc_version;

	/* --- kernel placement --- */
	uint64_t kernel_phys_base;  /* physical address of the lowest segment */
	uint64_t kernel_virt_base;  /* where the lowest segment is mapped */
	uint64_t kernel_link_base;  /* the lowest segment's ELF p_vaddr */
	uint64_t kernel_size;       /* bytes from the base to the end of bss */
	uint64_t direct_map_offset; /* virt = phys + offset for all RAM */
	uint64_t direct_map_size;   /* bytes of physical space it covers */
	uint64_t stack_top;         /* virtual top of the boot stack */
	uint64_t stack_size; /* bytes; an unmapped guard page lies below */
	uint64_t pml4_phys;  /* the live top-level page table */

	/* --- devices and firmware tables (physical addresses, 0 = absent) ---
	 */
	struct tern_framebuffer fb;
	uint64_t acpi_rsdp;
	uint64_t smbios_entry;  /* SMBIOS 2.x entry point */
	uint64_t smbios3_entry; /* SMBIOS 3.x entry point */
	uint64_t efi_system_table;

	/* --- command line --- */
	uint32_t cmdline_offset; /* UTF-8, NUL-terminated */
	uint32_t cmdline_len;    /* excluding the NUL */

	/* --- kernel symbols, for backtraces --- */
	uint32_t symtab_offset; /* struct tern_symbol[symtab_count], by addr */
	uint32_t symtab_count;
	uint32_t strtab_offset;
	uint32_t strtab_size;

	/* --- entropy: derived from the loader's BLAKE2s mix of all sources
	 * (keyed, its own label), never the bytes used for placement --- */
	uint8_t seed[32];
	uint32_t seed_sources; /* TERN_SEED_* */
	uint32_t reserved0;

	/* --- timing --- */
	uint64_t tsc_loader_entry;
	uint64_t tsc_handoff;

	/* --- randomized regions (version 2) --- */
	uint64_t page_alloc_base;   /* mm/'s page-allocator region: nothing */
	uint64_t page_alloc_size;   /* is mapped there at handoff */
	uint64_t stack_region_base; /* every kernel stack lives in here; the */
	uint64_t stack_region_size; /* boot stack at base + 4 KiB (guard) */
	struct tern_placement place[TERN_PLACE_COUNT];

	/* --- the initramfs (version 3): \\tern\\initrd.cpio, a cpio newc
	 * archive; both 0 if the ESP has none. It starts on a page boundary
	 * and its pages (size rounded up) are one TERN_MEM_INITRD range, so
	 * the frame allocator leaves them alone. --- */
	uint64_t initrd_phys;
	uint64_t initrd_size; /* bytes of the archive */

	/* --- SMP (version 4): one page below 1 MiB for the application
	 * processors' start-up code (a SIPI's vector names a page there,
	 * Intel SDM Vol. 3A, 9.4.4.1), typed KERNEL in the memory map so
	 * nothing else takes it; 0 if the firmware had none free --- */
	uint64_t ap_trampoline_phys;
};

/* Highest address of the AP trampoline page: a SIPI starts a CPU in real
 * mode at vector << 12, below 1 MiB; the EBDA and ROMs sit above 0x9f000. */
#define TERN_AP_TRAMPOLINE_MAX 0x9f000ull

#define TERN_BI_NOKASLR (1u << 0) /* the fixed layout was used */
#define TERN_BI_PHYS_FALLBACK                                                  \
	(1u << 1) /* no random physical slot could be                          \
	             allocated: AllocateAnyPages */

#endif
