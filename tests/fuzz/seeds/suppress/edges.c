	c = '"'; /* isbcheck: ignore hcr-vm-at: after a quote */
/* isbcheck: ignore
	x; /* isbcheck: ignore , : */
