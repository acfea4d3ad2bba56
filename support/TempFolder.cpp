//===- support/TempFolder.cpp - a temporary folder, removed on SIGINT too -===//
//
// See TempFolder.h. The signal handler may run on any thread at any moment,
// so it touches only lock-free atomics, fixed buffers filled before their
// slot is activated, and the async-signal-safe calls openat, getdents64,
// unlinkat, close, sigaction and raise.
//
//===----------------------------------------------------------------------===//

#include "support/TempFolder.h"

#include "llvm/Support/FileSystem.h"

#include <atomic>
#include <cassert>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

using namespace ttllc;
namespace fs = llvm::sys::fs;

namespace {

constexpr int kSignals[] = {SIGHUP, SIGINT, SIGTERM};
constexpr int kNumSignals = sizeof(kSignals) / sizeof(kSignals[0]);
/// The actions the handler replaced, by position in kSignals; it hands the
/// signal on to them.
struct sigaction previousActions[kNumSignals];

/// A folder to remove on a signal. `path` is written only while `active` is
/// false and the slot is owned (`used`).
struct Slot {
  std::atomic<bool> used{false};
  std::atomic<bool> active{false};
  char path[4096] = {};
};
constexpr int kNumSlots = 8;
Slot slots[kNumSlots];
static_assert(std::atomic<bool>::is_always_lock_free, "the handler needs lock-free atomics");

/// Removes `name` (relative to the folder `at`) and, when it is a folder,
/// everything in it, down to `depth` more levels. Async-signal-safe.
void removeTree(int at, const char *name, int depth) {
  if (unlinkat(at, name, 0) == 0)
    return; // a file or a link
#ifdef __linux__
  if (depth > 0) {
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      alignas(8) char buffer[2048];
      long n;
      while ((n = getdents64(fd, buffer, sizeof buffer)) > 0)
        for (long offset = 0; offset < n;) {
          const auto *entry = reinterpret_cast<const struct dirent64 *>(buffer + offset);
          offset += entry->d_reclen;
          const char *child = entry->d_name;
          if (std::strcmp(child, ".") != 0 && std::strcmp(child, "..") != 0)
            removeTree(fd, child, depth - 1);
        }
      close(fd);
    }
  }
#endif
  unlinkat(at, name, AT_REMOVEDIR);
}

void onSignal(int sig) {
  int savedErrno = errno;
  for (Slot &slot : slots)
    if (slot.active.load(std::memory_order_acquire))
      removeTree(AT_FDCWD, slot.path, 4);
  // Hand the signal on: it is blocked while this handler runs, so the
  // previous action (LLVM's handler, or the default: termination) takes it
  // as soon as this handler returns.
  for (int i = 0; i < kNumSignals; ++i)
    if (kSignals[i] == sig) {
      sigaction(sig, &previousActions[i], nullptr);
      raise(sig);
    }
  errno = savedErrno;
}

/// Installs onSignal for the signals that are not ignored, once.
void installHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int i = 0; i < kNumSignals; ++i) {
      struct sigaction current;
      if (sigaction(kSignals[i], nullptr, &current) != 0 || current.sa_handler == SIG_IGN)
        continue;
      struct sigaction action = {};
      action.sa_handler = onSignal;
      sigemptyset(&action.sa_mask);
      sigaction(kSignals[i], &action, &previousActions[i]);
    }
  });
}

/// Registers `path` for removal on a signal: its slot, or -1 when every slot
/// is taken or the path is too long (the folder is then only removed by the
/// destructor).
int registerFolder(llvm::StringRef path) {
  if (path.size() >= sizeof(Slot::path))
    return -1;
  for (int i = 0; i < kNumSlots; ++i) {
    Slot &slot = slots[i];
    if (slot.used.exchange(true))
      continue;
    std::memcpy(slot.path, path.data(), path.size());
    slot.path[path.size()] = '\0';
    slot.active.store(true, std::memory_order_release);
    return i;
  }
  return -1;
}

void unregisterFolder(int i) {
  slots[i].active.store(false, std::memory_order_release);
  slots[i].used.store(false, std::memory_order_release);
}

} // namespace

std::error_code TempFolder::create(const llvm::Twine &prefix) {
  assert(path_.empty() && "a TempFolder holds one folder");
  installHandler();
  // None of the signals between creating the folder and registering it.
  sigset_t blocked, previous;
  sigemptyset(&blocked);
  for (int sig : kSignals)
    sigaddset(&blocked, sig);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  std::error_code ec = fs::createUniqueDirectory(prefix, path_);
  if (!ec && (ec = fs::make_absolute(path_)))
    fs::remove(path_);
  if (ec)
    path_.clear();
  else
    slot_ = registerFolder(path_);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return ec;
}

void TempFolder::release() {
  if (slot_ >= 0)
    unregisterFolder(slot_);
  slot_ = -1;
  path_.clear();
}

TempFolder::~TempFolder() {
  if (!path_.empty())
    fs::remove_directories(path_);
  release();
}
