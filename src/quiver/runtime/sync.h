#pragma once

// The locks and condition variables of everything a query's tasks wait on. Tasks run as fibers
// on the Executor's few threads: a task that waited on a std::condition_variable would block
// its thread and every task sharing it (with one thread and 16 partitions, a deadlock). These
// suspend only the waiting task; a plain thread (a gRPC handler, the CLI) may wait on them too.
//
// A std::mutex stays fine for a short critical section that never waits inside.

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>

namespace quiver {

using Mutex = boost::fibers::mutex;
using ConditionVariable = boost::fibers::condition_variable;

}  // namespace quiver
