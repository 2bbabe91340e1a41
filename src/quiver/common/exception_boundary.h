#pragma once

// C++ exceptions at the edges where they would otherwise end the process: a thread that cannot
// be started (std::thread throws std::system_error under thread or memory limits) and a thread
// body or server handler from which a std::bad_alloc escapes (std::terminate). Both become an
// arrow::Status the query fails with, so a worker under a ulimit answers with an error and keeps
// serving.

#include <arrow/status.h>

#include <exception>
#include <new>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace quiver {

/// Runs `fn` (returning arrow::Status); an exception escaping it becomes OutOfMemory
/// (std::bad_alloc) or UnknownError, naming `what`.
template <typename Fn>
arrow::Status CatchExceptions(std::string_view what, Fn&& fn) noexcept {
  try {
    return std::forward<Fn>(fn)();
  } catch (const std::bad_alloc&) {
    return arrow::Status::OutOfMemory(what, ": an allocation failed (out of memory)");
  } catch (const std::exception& e) {
    return arrow::Status::UnknownError(what, ": ", e.what());
  } catch (...) {
    return arrow::Status::UnknownError(what, ": unknown exception");
  }
}

/// Appends a thread running `fn` to `threads`; when the process cannot start one, an error
/// naming `what` (and no thread).
template <typename Fn>
arrow::Status StartThread(std::vector<std::thread>* threads, std::string_view what,
                          Fn&& fn) noexcept {
  try {
    threads->emplace_back(std::forward<Fn>(fn));
    return arrow::Status::OK();
  } catch (const std::system_error& e) {
    return arrow::Status::IOError("cannot start a thread for ", what, ": ", e.what());
  } catch (const std::bad_alloc&) {
    return arrow::Status::OutOfMemory("cannot start a thread for ", what, ": out of memory");
  }
}

}  // namespace quiver
