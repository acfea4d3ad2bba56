//===- ir/Intrinsics.cpp - the intrinsic table ----------------------------===//

#include "ir/Intrinsics.h"

using namespace ttllc;

static const IntrinsicInfo kIntrinsics[] = {
    // Element-wise math on floats (TileLang T.exp, ...).
    {"exp", 1, DType::Void, true, "e raised to the argument"},
    {"log", 1, DType::Void, true, "natural logarithm"},
    {"sqrt", 1, DType::Void, true, "square root"},
    {"rsqrt", 1, DType::Void, true, "reciprocal square root"},
    {"abs", 1, DType::Void, true, "absolute value"},
    {"tanh", 1, DType::Void, true, "hyperbolic tangent"},
    {"sigmoid", 1, DType::Void, true, "1 / (1 + exp(-x))"},
};

const IntrinsicInfo *ttllc::lookupIntrinsic(std::string_view name) {
  for (const IntrinsicInfo &i : kIntrinsics)
    if (i.name == name)
      return &i;
  return nullptr;
}

DType ttllc::intrinsicResultType(const IntrinsicInfo &info, const std::vector<Expr> &args) {
  if (info.sameAsArg0 && !args.empty())
    return args.front()->dtype;
  return info.result;
}
