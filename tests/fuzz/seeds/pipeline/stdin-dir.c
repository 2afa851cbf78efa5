#include "/dev/stdin"
#include "/tmp"
void f(void) {}
