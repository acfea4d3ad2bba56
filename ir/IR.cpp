//===- ir/IR.cpp - Tile IR node helpers -----------------------------------===//

#include "ir/IR.h"

#include <algorithm>
#include <cassert>

using namespace ttllc;

std::string_view ttllc::dtypeName(DType t) {
  switch (t) {
  case DType::Void:
    return "void";
  case DType::Bool:
    return "bool";
  case DType::Int32:
    return "int32";
  case DType::UInt32:
    return "uint32";
  case DType::Float16:
    return "float16";
  case DType::BFloat16:
    return "bfloat16";
  case DType::Float32:
    return "float32";
  }
  return "?";
}

std::optional<DType> ttllc::parseDType(std::string_view s) {
  static const std::pair<std::string_view, DType> names[] = {
      {"bool", DType::Bool},       {"int32", DType::Int32},       {"int", DType::Int32},
      {"uint32", DType::UInt32},   {"float16", DType::Float16},   {"fp16", DType::Float16},
      {"half", DType::Float16},    {"bfloat16", DType::BFloat16}, {"bf16", DType::BFloat16},
      {"float32", DType::Float32}, {"float", DType::Float32},     {"fp32", DType::Float32},
  };
  for (auto &[n, t] : names)
    if (n == s)
      return t;
  return std::nullopt;
}

unsigned ttllc::dtypeBytes(DType t) {
  switch (t) {
  case DType::Void:
    return 0;
  case DType::Bool:
    return 1;
  case DType::Float16:
  case DType::BFloat16:
    return 2;
  case DType::Int32:
  case DType::UInt32:
  case DType::Float32:
    return 4;
  }
  return 0;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

const AttrValue *AttrDict::get(std::string_view key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const auto &e, std::string_view k) { return e.first < k; });
  return it != entries_.end() && it->first == key ? &it->second : nullptr;
}

void AttrDict::set(std::string key, AttrValue value) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const auto &e, const std::string &k) { return e.first < k; });
  if (it != entries_.end() && it->first == key)
    it->second = std::move(value);
  else
    entries_.emplace(it, std::move(key), std::move(value));
}

bool AttrDict::erase(std::string_view key) {
  auto it =
      std::find_if(entries_.begin(), entries_.end(), [&](const auto &e) { return e.first == key; });
  if (it == entries_.end())
    return false;
  entries_.erase(it);
  return true;
}

bool AttrDict::operator==(const AttrDict &o) const { return entries_ == o.entries_; }

std::optional<int64_t> AttrDict::getInt(std::string_view key) const {
  const AttrValue *v = get(key);
  return v && v->isInt() ? std::optional<int64_t>(v->getInt()) : std::nullopt;
}
std::optional<bool> AttrDict::getBool(std::string_view key) const {
  const AttrValue *v = get(key);
  return v && v->isBool() ? std::optional<bool>(v->getBool()) : std::nullopt;
}
std::optional<std::string> AttrDict::getString(std::string_view key) const {
  const AttrValue *v = get(key);
  return v && v->isString() ? std::optional<std::string>(v->getString()) : std::nullopt;
}

AttrValue AttrValue::ints(const std::vector<int64_t> &v) {
  List l;
  l.reserve(v.size());
  for (int64_t x : v)
    l.emplace_back(x);
  return AttrValue(std::move(l));
}

std::optional<std::vector<int64_t>> AttrValue::getInts() const {
  if (!isList())
    return std::nullopt;
  std::vector<int64_t> out;
  for (const AttrValue &e : getList()) {
    if (!e.isInt())
      return std::nullopt;
    out.push_back(e.getInt());
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Buffers, vars, regions, functions
//===----------------------------------------------------------------------===//

std::string_view ttllc::scopeName(Scope s) {
  switch (s) {
  case Scope::Global:
    return "global";
  case Scope::Shared:
    return "shared";
  case Scope::Fragment:
    return "fragment";
  case Scope::Local:
    return "local";
  case Scope::CB:
    return "cb";
  }
  return "?";
}

Buffer ttllc::makeBuffer(std::string name, std::vector<int64_t> shape, DType dtype, Scope scope,
                         llvm::SMLoc loc) {
  auto b = std::make_shared<BufferNode>();
  b->name = std::move(name);
  b->shape = std::move(shape);
  b->dtype = dtype;
  b->scope = scope;
  b->loc = loc;
  return b;
}

Var ttllc::makeVar(std::string name, DType t, llvm::SMLoc loc) {
  return std::make_shared<const VarNode>(std::move(name), t, loc);
}

bool ttllc::isComparison(BinaryOp op) {
  switch (op) {
  case BinaryOp::EQ:
  case BinaryOp::NE:
  case BinaryOp::LT:
  case BinaryOp::LE:
  case BinaryOp::GT:
  case BinaryOp::GE:
    return true;
  default:
    return false;
  }
}

Region Region::full(const Buffer &b, llvm::SMLoc loc) {
  Region r;
  r.buffer = b;
  r.loc = loc;
  for (int64_t d : b->shape) {
    r.starts.push_back(std::make_shared<const IntImmNode>(0, DType::Int32, llvm::SMLoc()));
    r.extents.push_back(d);
  }
  return r;
}

bool Region::isFull() const {
  if (extents != buffer->shape)
    return false;
  for (const Expr &s : starts) {
    auto *imm = s->kind == ExprKind::IntImm ? static_cast<const IntImmNode *>(s.get()) : nullptr;
    if (!imm || imm->value != 0)
      return false;
  }
  return true;
}

std::vector<int64_t> Region::squeezedExtents() const {
  std::vector<int64_t> out;
  for (int64_t e : extents)
    if (e != 1)
      out.push_back(e);
  return out;
}

std::vector<Buffer> PrimFunc::bufferParams() const {
  std::vector<Buffer> out;
  for (const Param &p : params)
    if (auto *b = std::get_if<Buffer>(&p))
      out.push_back(*b);
  return out;
}

PrimFuncPtr Module::lookup(std::string_view name) const {
  for (const PrimFuncPtr &f : funcs)
    if (f->name == name)
      return f;
  return nullptr;
}
