#include <iostream>

#include "kiosk/ctl/kioskctl.hpp"

int main(int argc, char** argv) { return kiosk::ctl::run(argc, argv, std::cout, std::cerr); }
