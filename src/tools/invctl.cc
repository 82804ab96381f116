// invctl: the command-line tool over the JSON facade, and the operator's
// commands for data directories.
//
//   invctl jsonl [--data-dir DIR] [--durability fsync|buffered]
//                     one JSON request per stdin line -> one response line
//                     on stdout; malformed lines get an error response;
//                     exits 0 at end of input. With --data-dir, each
//                     organization lives in DIR/<organization_id> and every
//                     committed request survives a crash (fsync by default).
//   invctl request METHOD PATH [BODY]
//                     one request (in memory); prints the response body,
//                     exits 0 for a 2xx status and 1 otherwise.
//   invctl snapshot --data-dir DIR --org ID   checkpoint: snapshot, trim the log
//   invctl verify   --data-dir DIR --org ID   recompute every figure; "ok" or the difference
//   invctl export   --data-dir DIR --org ID   the organization as JSON on stdout
//   invctl import   --data-dir DIR --org ID   an export from stdin into a new organization
// Exit codes: 0 done, 1 the command failed (message on stderr; also for
// an organization that does not exist, except for import, and an export
// that could not be written), 2 usage (an unknown, repeated or missing
// flag).
#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>

#include "inventory/engine.h"
#include "inventory/json_api.h"

namespace {

int Usage() {
  std::cerr << "usage: invctl jsonl [--data-dir DIR] [--durability fsync|buffered]\n"
               "       invctl request METHOD PATH [BODY]\n"
               "       invctl snapshot|verify|export|import --data-dir DIR --org ID\n";
  return 2;
}

int Fail(const absl::Status& s) {
  std::cerr << "invctl: " << s << "\n";
  return 1;
}

// --name value pairs after the command, each name one of `known` and at
// most once; false on anything else.
bool ParseFlags(int argc, char** argv, int from, std::initializer_list<std::string_view> known,
                std::map<std::string, std::string>* flags) {
  for (int i = from; i < argc; i += 2) {
    const std::string_view arg = argv[i];
    if (arg.rfind("--", 0) != 0 || i + 1 >= argc) return false;
    const std::string name(arg.substr(2));
    if (std::find(known.begin(), known.end(), name) == known.end()) return false;
    if (!flags->emplace(name, argv[i + 1]).second) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string command = argv[1];
  std::ios::sync_with_stdio(false);
  if (command == "request" && (argc == 4 || argc == 5)) {
    inventory::JsonApi api;
    inventory::JsonResponse r = api.Handle({.method = argv[2], .path = argv[3], .body = argc == 5 ? argv[4] : ""});
    std::cout << r.body << '\n';
    return r.status / 100 == 2 ? 0 : 1;
  }
  const bool operator_command = command == "snapshot" || command == "verify" || command == "export" ||
                                command == "import";
  if (command != "jsonl" && !operator_command) return Usage();
  std::map<std::string, std::string> flags;
  if (!ParseFlags(argc, argv, 2,
                  command == "jsonl" ? std::initializer_list<std::string_view>{"data-dir", "durability"}
                                     : std::initializer_list<std::string_view>{"data-dir", "org"},
                  &flags)) {
    return Usage();
  }
  if (flags.contains("durability") && !flags.contains("data-dir")) return Usage();
  inventory::Options options;
  if (auto dir = flags.find("data-dir"); dir != flags.end()) {
    options.data_dir = dir->second;
    options.durability = inventory::Durability::kFsync;
    if (auto d = flags.find("durability"); d != flags.end()) {
      if (d->second == "buffered") {
        options.durability = inventory::Durability::kBuffered;
      } else if (d->second != "fsync") {
        return Usage();
      }
    }
  }
  if (command == "jsonl") {
    inventory::JsonApi api(options);
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::cout << api.HandleLine(line) << '\n' << std::flush;
    }
    return 0;
  }
  if (options.data_dir.empty() || !flags.contains("org")) return Usage();
  // Only import creates an organization; the others need one that exists.
  const std::string org_dir = options.data_dir + "/" + flags["org"];
  if (command != "import" && !std::filesystem::exists(org_dir + "/LOCK")) {
    return Fail(absl::NotFoundError("There is no organization " + flags["org"] + " in " + options.data_dir + "."));
  }
  inventory::JsonApi api(options);
  absl::StatusOr<inventory::Engine*> engine = api.OpenOrganization(flags["org"]);
  if (!engine.ok()) return Fail(engine.status());
  if (command == "snapshot") {
    if (absl::Status s = (*engine)->Checkpoint(); !s.ok()) return Fail(s);
    std::cout << "ok\n";
  } else if (command == "verify") {
    if (absl::Status s = (*engine)->Verify(); !s.ok()) return Fail(s);
    std::cout << "ok\n";
  } else if (command == "export") {
    std::cout << (*engine)->Export() << '\n' << std::flush;
    if (!std::cout) return Fail(absl::DataLossError("The export could not be written to standard output."));
  } else {
    const std::string json((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (absl::Status s = (*engine)->Import(json); !s.ok()) return Fail(s);
    std::cout << "ok\n";
  }
  return 0;
}
