/**
 * Promotion with two votes: a proposal carries the automatic first vote (criteria, comparison with the production
 * model, recommendation); reviewers cast the human second vote under four eyes; an approved production proposal
 * activates the one production contract, which an admin can roll back. Tables: promotion_proposals, votes,
 * production_contracts (V40).
 */
package co.usdcop.gate.promotion;
