/** usdcop-gate: the gate between RL research and production for USD/COP 5-minute policies. */
package co.usdcop.gate;
