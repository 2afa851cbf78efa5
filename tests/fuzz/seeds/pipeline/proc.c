#include "/proc/self/pagemap"
void f(void) {}
