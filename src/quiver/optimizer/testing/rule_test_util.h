#pragma once

#include <gtest/gtest.h>
#include <quiver/optimizer/optimizer_rule.h>

namespace quiver::testing {

/// `rule` run over `plan`, in a rule's unit test: a failed rewrite fails the test and gives
/// nullptr, and a rewrite that changes the output schema (names, types, order) fails the test
/// too, since every rule must keep it.
inline LogicalPlanPtr RewriteKeepingSchema(const OptimizerRule& rule, const LogicalPlanPtr& plan) {
  auto out = rule.rewrite(plan, SessionConfig{});
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (!out.ok()) return nullptr;
  EXPECT_TRUE((*out)->schema()->Equals(*plan->schema()))
      << (*out)->schema()->ToString() << "\nvs\n"
      << plan->schema()->ToString();
  return *out;
}

}  // namespace quiver::testing
