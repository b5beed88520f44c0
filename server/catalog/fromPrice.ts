/** The "from" price of a product: the price of its cheapest valid configuration (see catalog/pricing/cheapestPrice). */
export { cheapestPrice } from '../../catalog/pricing/cheapestPrice.js';
