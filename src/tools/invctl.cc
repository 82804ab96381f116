// invctl: the command-line tool over the JSON facade.
//
//   invctl jsonl      one JSON request per stdin line -> one response line
//                     on stdout; malformed lines get an error response;
//                     exits 0 at end of input.
//   invctl request METHOD PATH [BODY]
//                     one request; prints the response body, exits 0 for
//                     a 2xx status and 1 otherwise.
#include <iostream>
#include <string>

#include "inventory/json_api.h"

namespace {

int Usage() {
  std::cerr << "usage: invctl jsonl\n"
               "       invctl request METHOD PATH [BODY]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  std::string command = argv[1];
  std::ios::sync_with_stdio(false);
  inventory::JsonApi api;
  if (command == "jsonl") {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::cout << api.HandleLine(line) << '\n' << std::flush;
    }
    return 0;
  }
  if (command == "request" && (argc == 4 || argc == 5)) {
    inventory::JsonResponse r = api.Handle({.method = argv[2], .path = argv[3], .body = argc == 5 ? argv[4] : ""});
    std::cout << r.body << '\n';
    return r.status / 100 == 2 ? 0 : 1;
  }
  return Usage();
}
