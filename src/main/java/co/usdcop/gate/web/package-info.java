/** Glue for the static dashboard in the top-level {@code web/} folder: static files, login and logout. */
package co.usdcop.gate.web;
