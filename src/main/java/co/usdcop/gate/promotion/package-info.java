/**
 * Promotion with two votes: a proposal carries the automatic first vote (criteria, comparison with the production
 * model, recommendation); reviewers cast the human second vote under four eyes; an approved production proposal
 * activates the one production contract, which an admin can roll back.
 *
 * <p>Which class to use: {@link co.usdcop.gate.promotion.PromotionService} owns proposals and votes (tables
 * promotion_proposals, votes; the hold of REQUEST_MORE_TESTS); {@link co.usdcop.gate.promotion.ProductionContracts}
 * owns production_contracts (activate, rollback, contractAt); {@link co.usdcop.gate.promotion.AutomaticVote} runs
 * the automatic vote against the production contract active now; {@link co.usdcop.gate.promotion.PromotionRules}
 * holds the thresholds (floors of promotion.yaml, tightened by the experiment) and the arithmetic, free of I/O.
 * Lock order: see {@link co.usdcop.gate.common.AdvisoryLock}. Docs: docs/promotion.md.
 */
package co.usdcop.gate.promotion;
