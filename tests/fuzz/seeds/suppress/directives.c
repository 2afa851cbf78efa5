	write_hcr(x); /* isbcheck: ignore hcr-tge-tlbi-at: reviewed */
	/* isbcheck: ignore at-par, hcr-vm-at: both */
	tlbi(); // isbcheck: ignore hcr-tge-tlbi-at:
	puts("/* isbcheck: ignore at-par: in a string */"); /* isbcheck: ignore at-pr: typo */
