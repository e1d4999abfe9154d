/* SPDX-License-Identifier: MIT */
/*
 * The memory-map picture: a row of cells, each painted with the type of
 * the physical memory it stands for. Gaps between ranges are left out
 * (the physical space is mostly holes), every range gets at least one cell
 * and the rest is shared out in proportion to size:
 *
 *   ranges  [usable 1 MiB][kernel 4 MiB][usable 250 MiB][acpi 64 KiB]
 *   cells    U KK UUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUUU A
 *
 * Portable, host-tested.
 */
#ifndef KERNEL_SHELL_MEMMAP_DRAW_H
#define KERNEL_SHELL_MEMMAP_DRAW_H
#include <stddef.h>
#include <stdint.h>
#include <tern/bootinfo.h>

#define MEMMAP_MAX_CELLS 65536

/* Fill cells[0..ncells) with range types (enum tern_mem_type); returns the
 * number of cells used (<= ncells; 0 if n == 0, ncells < n or ncells >
 * MEMMAP_MAX_CELLS). Sizes count in whole MiB for the shares. */
size_t memmap_cells(const struct tern_mem_range *r, size_t n, uint8_t *cells,
                    size_t ncells);
#endif
