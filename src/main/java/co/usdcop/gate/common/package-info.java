/**
 * Small shared utilities: hashing ({@link co.usdcop.gate.common.Hashes}), canonical JSON for signatures and hash
 * chains ({@link co.usdcop.gate.common.CanonicalJson}), paging ({@link co.usdcop.gate.common.Page}). Keep it small:
 * anything that belongs to a feature lives in that feature's package.
 */
package co.usdcop.gate.common;
