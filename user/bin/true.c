/* SPDX-License-Identifier: MIT */
/* true: exit status 0. */
int main(void)
{
	return 0;
}
