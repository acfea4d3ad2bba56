//===- tests/unit/TempFolderTest.cpp - support/TempFolder.h ---------------===//
//
// A TempFolder creates a new folder next to its prefix, removes it with its
// contents when destroyed, and keeps it once released. Its removal on
// SIGINT/SIGTERM is tested on tt-llc and tt-run (tests/lit/tools/interrupt.test).
//
//===----------------------------------------------------------------------===//

#include "support/TempFolder.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace ttllc;
namespace fs = llvm::sys::fs;

namespace {

/// A fresh folder for one test, removed at its end.
struct Scratch {
  llvm::SmallString<256> dir;
  Scratch() { EXPECT_FALSE(fs::createUniqueDirectory("ttllc-tempfolder-test", dir)); }
  ~Scratch() { fs::remove_directories(dir); }
};

} // namespace

TEST(TempFolder, RemovedWithItsContentsWhenDestroyed) {
  Scratch scratch;
  std::string path;
  {
    TempFolder tmp;
    EXPECT_EQ(tmp.path(), "");
    ASSERT_FALSE(tmp.create(scratch.dir + "/out.tmp"));
    path = tmp.path().str();
    EXPECT_TRUE(llvm::sys::path::is_absolute(path));
    EXPECT_EQ(llvm::sys::path::parent_path(path), scratch.dir.str());
    EXPECT_TRUE(llvm::StringRef(llvm::sys::path::filename(path)).starts_with("out.tmp-"));
    ASSERT_TRUE(fs::is_directory(path));
    ASSERT_FALSE(fs::create_directory(path + "/kernel"));
    std::ofstream(path + "/kernel/tt.plan.json") << "{}";
    std::ofstream(path + "/reader.o") << "x";
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(TempFolder, KeptOnceReleased) {
  Scratch scratch;
  std::string path;
  {
    TempFolder tmp;
    ASSERT_FALSE(tmp.create(scratch.dir + "/out.tmp"));
    path = tmp.path().str();
    tmp.release();
    EXPECT_EQ(tmp.path(), "");
  }
  EXPECT_TRUE(fs::is_directory(path));
}

TEST(TempFolder, ReportsAFolderItCannotCreate) {
  Scratch scratch;
  TempFolder tmp;
  EXPECT_TRUE(tmp.create(scratch.dir + "/missing/out.tmp"));
  EXPECT_EQ(tmp.path(), "");
}
