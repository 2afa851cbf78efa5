#include "/dev/zero"
void f(void) {}
