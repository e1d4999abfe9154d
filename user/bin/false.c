/* SPDX-License-Identifier: MIT */
/* false: exit status 1. */
int main(void)
{
	return 1;
}
