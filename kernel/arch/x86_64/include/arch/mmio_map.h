/* SPDX-License-Identifier: MIT */
/*
 * Uncached mappings of device memory (LAPIC, IOAPIC, HPET, ECAM, BARs).
 * TODO: switch to the issue-3 paging API (vm_map with a cache-disable
 * flag) once it is in the kernel; callers only see mmio_map().
 */
#ifndef KERNEL_ARCH_X86_64_MMIO_MAP_H
#define KERNEL_ARCH_X86_64_MMIO_MAP_H
#include <stddef.h>
#include <stdint.h>

/* Map [pa, pa + len) uncached (PCD|PWT: PAT entry 3, UC), read/write, NX.
 * Returns the virtual address of pa, or NULL when out of table pages or
 * address space. Mappings are permanent. */
void *mmio_map(uint64_t pa, uint64_t len);
#endif
