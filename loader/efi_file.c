/* SPDX-License-Identifier: MIT */
/* Reading a file from the loader's own volume: LoadedImage -> DeviceHandle
 * -> Simple File System (UEFI 2.10, 9.1 and 13.4-13.5). */
#include "efi_glue.h"

#define PATH_MAX_CHARS 256

static EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
static EFI_GUID sfs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
static EFI_GUID file_info_guid = EFI_FILE_INFO_ID;

static EFI_STATUS open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_STATUS s;

	s = efi_bs->HandleProtocol(image, &loaded_image_guid, (void **)&li);
	if (EFI_ERROR(s))
		return s;
	s = efi_bs->HandleProtocol(li->DeviceHandle, &sfs_guid, (void **)&fs);
	if (EFI_ERROR(s))
		return s;
	return fs->OpenVolume(fs, root);
}

/* path (ASCII) as a UCS-2 EFI path with '\' separators. */
static EFI_STATUS widen_path(const char *path, CHAR16 *out)
{
	unsigned i;

	for (i = 0; path[i]; i++) {
		if (i + 1 >= PATH_MAX_CHARS || (unsigned char)path[i] >= 0x80)
			return EFI_INVALID_PARAMETER;
		out[i] = path[i] == '/' ? '\\' : (CHAR16)path[i];
	}
	out[i] = 0;
	return EFI_SUCCESS;
}

static EFI_STATUS file_size(EFI_FILE_HANDLE f, UINT64 *size)
{
	union {
		EFI_FILE_INFO info;
		UINT8 raw[sizeof(EFI_FILE_INFO) + PATH_MAX_CHARS * 2];
	} u;
	UINTN len = sizeof(u);
	EFI_STATUS s;

	s = f->GetInfo(f, &file_info_guid, &len, &u);
	if (!EFI_ERROR(s))
		*size = u.info.FileSize;
	return s;
}

/* Read exactly size bytes from f into buf. */
static EFI_STATUS read_all(EFI_FILE_HANDLE f, UINT8 *buf, UINTN size)
{
	UINTN done = 0, n;
	EFI_STATUS s;

	while (done < size) {
		n = size - done;
		s = f->Read(f, &n, buf + done);
		if (EFI_ERROR(s))
			return s;
		if (n == 0)
			return EFI_END_OF_FILE;
		done += n;
	}
	return EFI_SUCCESS;
}

/* A buffer for sz bytes: pool memory, or whole EfiLoaderData pages (page
 * aligned) if pages. */
static EFI_STATUS buf_alloc(bool pages, UINT64 sz, void **buf)
{
	EFI_PHYSICAL_ADDRESS a = 0;
	EFI_STATUS s;

	if (!pages)
		return efi_bs->AllocatePool(EfiLoaderData, sz ? sz : 1, buf);
	s = efi_bs->AllocatePages(AllocateAnyPages, EfiLoaderData,
	                          EFI_SIZE_TO_PAGES(sz ? sz : 1), &a);
	*buf = (void *)(UINTN)a;
	return s;
}

static void buf_free(bool pages, UINT64 sz, void *buf)
{
	if (pages)
		efi_bs->FreePages((UINTN)buf, EFI_SIZE_TO_PAGES(sz ? sz : 1));
	else
		efi_bs->FreePool(buf);
}

static EFI_STATUS read_open(EFI_FILE_HANDLE f, void **buf, UINTN *size,
                            UINTN max, bool pages)
{
	UINT64 sz;
	EFI_STATUS s;

	s = file_size(f, &sz);
	if (EFI_ERROR(s))
		return s;
	if (sz > max)
		return EFI_BAD_BUFFER_SIZE;
	s = buf_alloc(pages, sz, buf);
	if (EFI_ERROR(s))
		return s;
	s = read_all(f, *buf, sz);
	if (EFI_ERROR(s)) {
		buf_free(pages, sz, *buf);
		*buf = NULL;
		return s;
	}
	*size = sz;
	return EFI_SUCCESS;
}

static EFI_STATUS read_file(EFI_HANDLE image, const char *path, void **buf,
                            UINTN *size, UINTN max, bool pages)
{
	CHAR16 wpath[PATH_MAX_CHARS];
	EFI_FILE_HANDLE root, f;
	EFI_STATUS s;

	s = widen_path(path, wpath);
	if (EFI_ERROR(s))
		return s;
	s = open_root(image, &root);
	if (EFI_ERROR(s))
		return s;
	s = root->Open(root, &f, wpath, EFI_FILE_MODE_READ, 0);
	if (!EFI_ERROR(s)) {
		s = read_open(f, buf, size, max, pages);
		f->Close(f);
	}
	root->Close(root);
	return s;
}

EFI_STATUS efi_read_file(EFI_HANDLE image, const char *path, void **buf,
                         UINTN *size, UINTN max)
{
	return read_file(image, path, buf, size, max, false);
}

EFI_STATUS efi_read_file_pages(EFI_HANDLE image, const char *path,
                               uint64_t *phys, UINTN *size, UINTN max)
{
	void *buf = NULL;
	EFI_STATUS s = read_file(image, path, &buf, size, max, true);

	*phys = (uint64_t)(UINTN)buf;
	return s;
}
